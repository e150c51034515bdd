<%@ Page Language="C#" Inherits="Microsoft.SharePoint.ApplicationPages.StartPage" MasterPageFile="~masterurl/default.master" %>
<asp:Content ContentPlaceHolderID="PlaceHolderMain" runat="server"/>
