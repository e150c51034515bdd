// ASP.NET client-side validation (placeholder for an ordinary file)
var Page_ValidationVer = "125";
