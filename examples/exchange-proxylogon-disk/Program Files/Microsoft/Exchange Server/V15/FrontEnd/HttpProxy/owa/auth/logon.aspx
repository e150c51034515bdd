<%@ Page Language="C#" AutoEventWireup="false" Inherits="Microsoft.Exchange.HttpProxy.Logon" %>
<!-- placeholder for the genuine OWA logon page -->
