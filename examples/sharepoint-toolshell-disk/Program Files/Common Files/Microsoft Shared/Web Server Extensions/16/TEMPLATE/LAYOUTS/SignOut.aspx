<%@ Page Language="C#" Inherits="Microsoft.SharePoint.ApplicationPages.SignOutPage" %>
