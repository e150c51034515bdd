// SharePoint client object model (debug build placeholder for the example)
function SP_Debug() { return 0; }
