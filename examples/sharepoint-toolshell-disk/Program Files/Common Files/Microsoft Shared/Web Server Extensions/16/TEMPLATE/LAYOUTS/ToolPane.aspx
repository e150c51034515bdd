<%@ Page Language="C#" Inherits="Microsoft.SharePoint.WebPartPages.ToolPane" %>
