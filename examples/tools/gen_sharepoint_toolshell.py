#!/usr/bin/env python3
"""Generates the IIS W3C logs of examples/sharepoint-toolshell/ (fictional farm, real ToolShell IOCs).

Deterministic: a fixed seed and no clock, so running it again rewrites the same bytes.
    python3 examples/tools/gen_sharepoint_toolshell.py            # writes the logs
    python3 examples/tools/gen_sharepoint_toolshell.py --list     # also prints the scripted lines with their line numbers
Only the ordinary traffic is random; the attack lines are scripted in ATTACK below.
"""
import os
import random
import sys
from datetime import datetime, timedelta

SEED = 20250718
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sharepoint-toolshell")
HOST = "sharepoint.northwindtraders.com"
URL = "https://" + HOST
FIELDS_OLD = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
FIELDS_NEW = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status time-taken")
SERVERS = {"SP-WFE01": "10.20.1.11", "SP-WFE02": "10.20.1.12"}
CRAWLER_IP, CRAWLER_USER = "10.20.1.21", "NWT\\svc_spcrawl"
PROBE_IP = "10.20.0.5"

UA_EDGE = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/138.0.0.0+Safari/537.36+Edg/138.0.0.0"
UA_CHROME = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/138.0.0.0+Safari/537.36"
UA_FF140 = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:140.0)+Gecko/20100101+Firefox/140.0"
UA_FF120 = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:120.0)+Gecko/20100101+Firefox/120.0"
UA_MAC = "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.5+Safari/605.1.15"
UA_EXCEL = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Excel+16.0.18827;+Pro)"
UA_WORD = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Word+16.0.18827;+Pro)"
UA_DISCOVERY = "Microsoft+Office+Protocol+Discovery"
UA_SYNC = "Microsoft+SkyDriveSync+25.110.0608.0001+ship;+Windows+NT+10.0+(26100)"
UA_CRAWL = "Mozilla/4.0+(compatible;+MSIE+4.01;+Windows+NT;+MS+Search+6.0+Robot)"

USERS = [  # (account, workstation address, browser)
    ("NWT\\m.alvarez", "10.20.34.18", UA_EDGE), ("NWT\\j.chen", "10.20.36.14", UA_FF140),
    ("NWT\\l.brennan", "10.20.33.52", UA_EDGE), ("NWT\\a.novak", "10.20.34.61", UA_CHROME),
    ("NWT\\s.okafor", "10.20.35.9", UA_EDGE), ("NWT\\r.patel", "10.20.33.140", UA_EDGE),
    ("NWT\\d.kowalski", "10.20.36.77", UA_CHROME), ("NWT\\e.lindqvist", "10.20.48.23", UA_MAC),
    ("NWT\\t.nguyen", "10.20.34.102", UA_EDGE), ("NWT\\h.mueller", "10.20.35.44", UA_EDGE),
    ("NWT\\p.rossi", "10.20.48.57", UA_CHROME), ("NWT\\c.dubois", "10.20.33.8", UA_EDGE),
    ("NWT\\y.tanaka", "10.20.36.120", UA_FF140), ("NWT\\b.harris", "10.20.34.200", UA_EDGE),
    ("NWT\\f.silva", "10.20.35.171", UA_EDGE), ("NWT\\k.osei", "10.20.35.77", UA_FF120),
]
SITES = ["", "/sites/hr", "/sites/finance", "/sites/projects", "/sites/it", "/sites/sales"]
DOCS = ["Q3%20Forecast.xlsx", "Budget%202025.xlsx", "Onboarding%20Checklist.docx", "Travel%20Policy.docx",
        "Project%20Plan.docx", "Sales%20Pipeline.xlsx", "IT%20Change%20Calendar.xlsx"]
REV = "rev=bQHzLvaF6Jc%2BOp1Dp4ymtw%3D%3D"
STATIC = ["/_layouts/15/init.js", "/_layouts/15/1033/styles/Themable/corev15.css", "/_layouts/15/sp.js",
          "/_layouts/15/sp.runtime.js", "/_layouts/15/core.js", "/_layouts/15/images/spcommon.png",
          "/_layouts/15/images/siteicon.png", "/_layouts/15/blank.js", "/_layouts/15/1033/strings.js"]


class Log:
    """Collects (time, fields) for one server and one day; fields follow FIELDS_OLD plus an optional cs-host."""

    def __init__(self, server, day, fields_change_at=None):
        self.server, self.day, self.fields_change_at = server, day, fields_change_at
        self.rows = []

    def add(self, t, method, stem, query, user, cip, ua, ref, status, sub=0, win32=0, taken=0, host=HOST, mark=None):
        self.rows.append((t, len(self.rows), dict(method=method, stem=stem, query=query or "-", user=user or "-",
                                                   cip=cip, ua=ua or "-", ref=ref or "-", host=host or "-",
                                                   status=status, sub=sub, win32=win32, taken=taken), mark))

    def render(self):
        rows = sorted(self.rows, key=lambda r: (r[0], r[1]))
        lines, marks = [], []
        # a file started after the logging change (the next day's) opens with the new #Fields line
        new_fields = self.fields_change_at is not None and self.fields_change_at <= rows[0][0]
        def header(t, fields):
            lines.extend(["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                          "#Date: " + t.strftime("%Y-%m-%d %H:%M:%S"), "#Fields: " + fields])
        header(rows[0][0], FIELDS_NEW if new_fields else FIELDS_OLD)
        for t, _, r, mark in rows:
            if self.fields_change_at and not new_fields and t >= self.fields_change_at:
                new_fields = True
                header(t, FIELDS_NEW)
            cols = [t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), SERVERS[self.server], r["method"], r["stem"],
                    r["query"], "443", r["user"], r["cip"], r["ua"], r["ref"]]
            if new_fields:
                cols.append(r["host"])
            cols += [str(r["status"]), str(r["sub"]), str(r["win32"]), str(r["taken"])]
            lines.append(" ".join(cols))
            if mark:
                marks.append((len(lines), mark, lines[-1]))
        return "\n".join(lines) + "\n", marks


def page_view(log, rnd, t, user, ip, ua, site, page, query="", ref=None, status=200):
    """One browser page load: the page, a few static files (mostly 304 from cache) and an API call."""
    log.add(t, "GET", site + page, query, user, ip, ua, ref, status, taken=rnd.randint(90, 850))
    here = URL + site + page
    for stem in rnd.sample(STATIC, rnd.randint(1, 4)):
        t += timedelta(seconds=rnd.choice([0, 0, 1]))
        cached = rnd.random() < 0.7
        log.add(t, "GET", stem, REV, user, ip, ua, here, 304 if cached else 200, taken=rnd.randint(0, 4 if cached else 31))
    t += timedelta(seconds=rnd.randint(0, 2))
    api = rnd.choice([
        ("GET", site + "/_api/web/lists", "$select=Title,ItemCount,Id&$filter=Hidden%20eq%20false"),
        ("GET", site + "/_api/web/currentuser", ""),
        ("POST", site + "/_vti_bin/client.svc/ProcessQuery", ""),
        ("POST", site + "/_api/contextinfo", ""),
        ("GET", "/_layouts/15/userphoto.aspx", "size=S&accountname=" + user.split("\\")[1] + "%40northwindtraders.com"),
    ])
    log.add(t, api[0], api[1], api[2], user, ip, ua, here, 200, taken=rnd.randint(15, 240))
    return t


def session(log, rnd, t, user, ip, ua):
    """NTLM handshake (401.2, 401.1, then 200) followed by a few page views or an Office document open."""
    site = rnd.choice(SITES)
    first = rnd.choice(["/_layouts/15/start.aspx", "/SitePages/Home.aspx"])
    log.add(t, "GET", site + first, "", None, ip, ua, None, 401, 2, 5, rnd.randint(0, 3))
    log.add(t, "GET", site + first, "", None, ip, ua, None, 401, 1, 2148074254, rnd.randint(0, 2))
    t = page_view(log, rnd, t, user, ip, ua, site, first)
    for _ in range(rnd.randint(0, 3)):
        t += timedelta(seconds=rnd.randint(8, 240))
        kind = rnd.random()
        if kind < 0.35:
            lib = rnd.choice(["/Shared%20Documents/Forms/AllItems.aspx", "/Lists/Tasks/AllItems.aspx",
                              "/Lists/Announcements/AllItems.aspx", "/SitePages/Home.aspx"])
            t = page_view(log, rnd, t, user, ip, ua, site, lib, ref=URL + site + first)
        elif kind < 0.5:
            word = rnd.choice(["budget", "travel%20policy", "onboarding", "vpn", "holiday%20calendar", "org%20chart"])
            t = page_view(log, rnd, t, user, ip, ua, "", "/_layouts/15/osssearchresults.aspx",
                          "u=" + "https%3A%2F%2F" + HOST + "&k=" + word, ref=URL + site + first)
        elif kind < 0.62:
            t = page_view(log, rnd, t, user, ip, ua, site, "/_layouts/15/viewlsts.aspx", ref=URL + site + first)
        else:  # open a document in the desktop Office client
            doc = site + "/Shared%20Documents/" + rnd.choice(DOCS)
            office = UA_EXCEL if doc.endswith("xlsx") else UA_WORD
            log.add(t, "OPTIONS", site + "/", "", user, ip, UA_DISCOVERY, None, 200, taken=rnd.randint(1, 9))
            log.add(t, "HEAD", doc, "", user, ip, office, None, 200, taken=rnd.randint(3, 20))
            t += timedelta(seconds=1)
            log.add(t, "GET", doc, "", user, ip, office, None, 200, taken=rnd.randint(40, 700))
            log.add(t, "POST", site + "/_vti_bin/cellstorage.svc/CellStorageService", "", user, ip, office, None, 200,
                    taken=rnd.randint(20, 300))
    return t


def ordinary_day(log, rnd, day, busy):
    """Health probes, search crawls, sync clients and user sessions for one server and one day."""
    t0 = datetime(day.year, day.month, day.day)
    for minute in range(3, 24 * 60, 20):  # load balancer monitor; its anonymous static request needs no auth
        log.add(t0 + timedelta(minutes=minute, seconds=rnd.randint(0, 2)), "GET", "/_layouts/15/images/blank.gif",
                "", None, PROBE_IP, None, None, 200, taken=0, host=SERVERS[log.server])
    for hour in range(0, 24, 4):  # incremental crawl from the search server
        t = t0 + timedelta(hours=hour, minutes=rnd.randint(0, 4), seconds=rnd.randint(0, 59))
        for site in rnd.sample(SITES[1:], 3):
            log.add(t, "POST", site + "/_vti_bin/sitedata.asmx", "", CRAWLER_USER, CRAWLER_IP, UA_CRAWL, None, 200,
                    taken=rnd.randint(20, 180))
            t += timedelta(seconds=rnd.randint(0, 3))
            if rnd.random() < 0.5:
                log.add(t, "GET", site + "/Shared%20Documents/" + rnd.choice(DOCS), "", CRAWLER_USER, CRAWLER_IP,
                        UA_CRAWL, None, 200, taken=rnd.randint(30, 400))
            log.add(t, "GET", site + "/SitePages/Home.aspx", "", CRAWLER_USER, CRAWLER_IP, UA_CRAWL, None, 200,
                    taken=rnd.randint(60, 300))
    start, end = (12 * 60 + 30, 21 * 60 + 30) if busy else (13 * 60, 19 * 60)
    count = 25 if busy else 6
    for _ in range(count):
        user, ip, ua = rnd.choice(USERS if busy else USERS[:5])
        if ua == UA_FF120 and log.server != "SP-WFE02":
            continue  # the one Firefox 120 workstation is pinned to WFE02 by the load balancer's persistence
        t = t0 + timedelta(minutes=rnd.randint(start, end), seconds=rnd.randint(0, 59))
        session(log, rnd, t, user, ip, ua)
    for _ in range(6 if busy else 2):  # OneDrive sync clients poll the libraries
        user, ip, _ua = rnd.choice(USERS)
        t = t0 + timedelta(minutes=rnd.randint(0, 24 * 60 - 1), seconds=rnd.randint(0, 59))
        site = rnd.choice(SITES[1:])
        log.add(t, "POST", site + "/_vti_bin/client.svc/ProcessQuery", "", user, ip, UA_SYNC, None, 200,
                taken=rnd.randint(30, 200))
        log.add(t, "GET", site + "/_api/web/lists", "$select=Title,Id,LastItemModifiedDate", user, ip, UA_SYNC, None,
                200, taken=rnd.randint(20, 150))


def benign_near_misses(logs):
    """Legitimate requests that resemble the attack; the rules must stay quiet on them (except the Firefox 120 one)."""
    wfe01, wfe02 = logs["SP-WFE01-250718"], logs["SP-WFE02-250718"]
    editor, ip = "NWT\\l.brennan", "10.20.33.52"
    t = datetime(2025, 7, 18, 14, 21, 7)
    wfe02.add(t, "GET", "/sites/hr/_layouts/15/ToolPane.aspx", "Pagetype=6&Pageview=Shared", editor, ip, UA_EDGE,
              URL + "/sites/hr/SitePages/Home.aspx", 200, taken=187, mark="benign: site owner opens the web part tool pane")
    wfe02.add(t + timedelta(seconds=41), "POST", "/sites/hr/_layouts/15/ToolPane.aspx",
              "Pagetype=6&Pageview=Shared&DisplayMode=Edit", editor, ip, UA_EDGE,
              URL + "/sites/hr/_layouts/15/ToolPane.aspx?Pagetype=6&Pageview=Shared", 200, taken=412,
              mark="benign: tool pane postback (DisplayMode=Edit, no a= parameter)")
    user, ip = "NWT\\a.novak", "10.20.34.61"
    t = datetime(2025, 7, 18, 16, 48, 30)
    wfe01.add(t, "GET", "/_layouts/15/SignOut.aspx", "", user, ip, UA_CHROME, URL + "/_layouts/15/start.aspx", 200,
              taken=35, mark="benign: user signs out")
    wfe01.add(t + timedelta(seconds=4), "GET", "/_layouts/15/start.aspx", "", None, ip, UA_CHROME,
              URL + "/_layouts/15/SignOut.aspx", 401, 2, 5, 1, mark="benign: next page carries the SignOut referer")
    user, ip = "NWT\\k.osei", "10.20.35.77"
    t = datetime(2025, 7, 18, 13, 12, 2)
    wfe02.add(t, "GET", "/_layouts/15/start.aspx", "", None, ip, UA_FF120, None, 401, 2, 5, 2)
    wfe02.add(t, "GET", "/_layouts/15/start.aspx", "", None, ip, UA_FF120, None, 401, 1, 2148074254, 1)
    wfe02.add(t, "GET", "/_layouts/15/start.aspx", "", user, ip, UA_FF120, None, 200, taken=96,
              mark="benign (known false positive): workstation still on Firefox 120")


def attack(logs):
    """The scripted ToolShell intrusion. Each line carries a mark that the README explains."""
    w1, w2, w1b = logs["SP-WFE01-250718"], logs["SP-WFE02-250718"], logs["SP-WFE01-250719"]
    a1 = "107.191.58.76"
    w1.add(datetime(2025, 7, 18, 18, 5, 47), "GET", "/_layouts/15/start.aspx", "", None, a1, UA_FF120, None,
           401, 2, 5, 1, mark="recon: first-wave client checks the site")
    w1.add(datetime(2025, 7, 18, 18, 6, 12), "POST", "/_layouts/15/ToolPane.aspx", "DisplayMode=Edit&a=/ToolPane.aspx",
           None, a1, UA_FF120, "/_layouts/SignOut.aspx", 200, taken=2211, mark="exploit: ToolPane POST, forged referer")
    w1.add(datetime(2025, 7, 18, 18, 6, 19), "POST", "/_layouts/15/ToolPane.aspx", "DisplayMode=Edit&a=/ToolPane.aspx",
           None, a1, UA_FF120, "/_layouts/SignOut.aspx", 200, taken=1874, mark="exploit: second ToolPane POST")
    w1.add(datetime(2025, 7, 18, 18, 7, 40), "POST", "/_layouts/15/ToolPane.aspx/", "DisplayMode=Edit&a=/ToolPane.aspx",
           None, a1, UA_FF120, "/_layouts/SignOut.aspx", 200, taken=1930, mark="exploit: CVE-2025-53771 variant")
    w1.add(datetime(2025, 7, 18, 18, 8, 3), "GET", "/_layouts/15/spinstall0.aspx", "", None, a1, UA_FF120,
           "/_layouts/SignOut.aspx", 200, taken=15, mark="webshell: machine keys read")
    w2.add(datetime(2025, 7, 18, 18, 31, 5), "GET", "/_layouts/15/spinstall0.aspx", "", None, "134.199.202.205",
           UA_CHROME, None, 404, 0, 2, 1, mark="probe: shell checked on the other front end (404)")
    w2.add(datetime(2025, 7, 18, 19, 2, 44), "POST", "/_layouts/15/ToolPane.aspx", "DisplayMode=Edit&a=/ToolPane.aspx",
           None, "188.130.206.168", UA_CHROME, None, 401, 2, 5, 2, mark="exploit attempt without referer (401)")
    w1.add(datetime(2025, 7, 18, 21, 44, 51), "GET", "/_layouts/15/spinstall0.aspx", "", None, "104.238.159.149",
           "python-requests/2.32.3", None, 200, taken=12, mark="webshell: keys read again, scripted")
    w1b.add(datetime(2025, 7, 19, 7, 28, 36), "GET", "/_layouts/15/spinstall0.aspx", "", None, "104.238.159.149",
            "python-requests/2.32.3", None, 200, taken=14, mark="webshell: keys read on day two")
    w1b.add(datetime(2025, 7, 19, 7, 29, 2), "POST", "/_layouts/15/start.aspx", "", None, "104.238.159.149",
            UA_CHROME, None, 200, taken=688, mark="forged __VIEWSTATE POST (body not logged)")
    w1b.add(datetime(2025, 7, 19, 9, 14, 10), "POST", "/_layouts/15/start.aspx", "", None, "96.9.125.147",
            UA_CHROME, None, 200, taken=702, mark="forged __VIEWSTATE POST from another source")


def main():
    rnd = random.Random(SEED)
    logs = {
        "SP-WFE01-250718": Log("SP-WFE01", "250718", fields_change_at=datetime(2025, 7, 18, 15, 2, 17)),
        "SP-WFE02-250718": Log("SP-WFE02", "250718"),
        "SP-WFE01-250719": Log("SP-WFE01", "250719", fields_change_at=datetime(2025, 7, 19, 0, 0, 0)),
    }
    ordinary_day(logs["SP-WFE01-250718"], rnd, datetime(2025, 7, 18), busy=True)
    ordinary_day(logs["SP-WFE02-250718"], rnd, datetime(2025, 7, 18), busy=True)
    ordinary_day(logs["SP-WFE01-250719"], rnd, datetime(2025, 7, 19), busy=False)
    benign_near_misses(logs)
    attack(logs)
    for key, log in logs.items():
        path = os.path.join(OUT, log.server, "W3SVC1", "u_ex" + log.day + ".log")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text, marks = log.render()
        with open(path, "w", encoding="ascii", newline="\r\n") as out:
            out.write(text)
        if "--list" in sys.argv:
            for number, mark, line in marks:
                print(f"{log.server}/W3SVC1/u_ex{log.day}.log:{number}: {mark}\n    {line}")


if __name__ == "__main__":
    main()
