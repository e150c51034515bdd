<%@ Control Language="C#" Inherits="Microsoft.SharePoint.WebControls.AclEditor" %>
