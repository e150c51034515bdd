#!/usr/bin/env python3
"""Generates examples/m365-bec/: a Microsoft 365 unified audit log export (Purview "Export results", newer column
set) of the fictional Northwind Traders tenant on 11 March 2025, with a business email compromise among
ordinary records: sign-in from a foreign address, a forwarding inbox rule, mailbox forwarding, a Global
Administrator assignment, ApplicationImpersonation, a compliance-search export and a burst of file downloads.

Deterministic (fixed seed). Record times are UTC, as in the audit log.
    python3 examples/tools/gen_m365_bec.py [--list]
"""
import csv
import io
import json
import os
import random
import sys
import uuid
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "m365-bec", "AuditLog_2025-03-11.csv")
ORG = "4b9e7c2a-1f0d-4c8e-9a51-2d7f3e6b8c10"
TENANT = "nwtraders.onmicrosoft.com"
SPO = "https://northwindtraders.sharepoint.com"
USERS = ["m.alvarez", "j.chen", "l.brennan", "a.novak", "s.okafor", "r.patel", "c.finance", "k.osei"]
VICTIM = "j.doe"
ADMIN = "it.admin"
ATTACKER_IP = "198.51.100.77"
OFFICE_IPS = ["203.0.113.10", "203.0.113.11"]
HEADER = ["RecordId", "CreationDate", "RecordType", "Operation", "UserId", "AuditData", "AssociatedAdminUnits",
          "AssociatedAdminUnitsNames"]
RECORD_TYPES = {1: "ExchangeAdmin", 2: "ExchangeItem", 6: "SharePointFileOperation", 8: "AzureActiveDirectory",
                15: "AzureActiveDirectoryStsLogon", 18: "SecurityComplianceCenterEOPCmdlet", 50: "ExchangeItemAggregated"}


def upn(name):
    return name + "@northwindtraders.com"


class Records:
    def __init__(self, rnd):
        self.rnd, self.rows = rnd, []

    def ident(self):
        return str(uuid.UUID(int=self.rnd.getrandbits(128), version=4))

    def add(self, t, record_type, workload, operation, user, extra, status="Succeeded", mark=None):
        audit = {"CreationTime": t.strftime("%Y-%m-%dT%H:%M:%S"), "Id": self.ident(), "Operation": operation,
                 "OrganizationId": ORG, "RecordType": record_type, "ResultStatus": status,
                 "UserKey": "10032002%08X" % self.rnd.getrandbits(32), "UserType": 0, "Version": 1, "Workload": workload,
                 "UserId": upn(user) if "@" not in user else user}
        audit.update(extra)
        self.rows.append((t, len(self.rows), audit, mark))

    def exchange_admin(self, t, user, cmdlet, parameters, ip, mark=None):
        self.add(t, 1, "Exchange", cmdlet, user, {
            "ClientIP": ip + ":" + str(self.rnd.randrange(49152, 65535)), "ObjectId": parameters[0][1] if parameters else "",
            "AppId": "", "ClientAppId": "", "ExternalAccess": False, "OrganizationName": TENANT,
            "OriginatingServer": "AM6PR04MB%04d (15.20.7362.019)" % self.rnd.randrange(1000, 9999),
            "Parameters": [{"Name": name, "Value": value} for name, value in parameters],
            "SessionId": self.ident()}, status="True", mark=mark)

    def sign_in(self, t, user, ip, mark=None):
        self.add(t, 15, "AzureActiveDirectory", "UserLoggedIn", user, {
            "ClientIP": ip, "ObjectId": "00000002-0000-0ff1-ce00-000000000000", "AzureActiveDirectoryEventType": 1,
            "ApplicationId": "00000002-0000-0ff1-ce00-000000000000",
            "ExtendedProperties": [{"Name": "ResultStatusDetail", "Value": "Redirect"},
                                   {"Name": "UserAgent", "Value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                                                 "(KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36"},
                                   {"Name": "RequestType", "Value": "OAuth2:Authorize"}],
            "DeviceProperties": [{"Name": "OS", "Value": "Windows10"}, {"Name": "BrowserType", "Value": "Chrome"}],
            "ErrorNumber": "0"}, status="Success", mark=mark)

    def file_op(self, t, user, operation, site, name, ip, agent, mark=None):
        self.add(t, 6, "SharePoint", operation, user, {
            "ClientIP": ip, "ObjectId": SPO + site + "Shared Documents/" + name, "EventSource": "SharePoint",
            "ItemType": "File", "ListItemUniqueId": self.ident(), "Site": self.ident(), "UserAgent": agent,
            "WebId": self.ident(), "SiteUrl": SPO + site, "SourceFileExtension": name.rsplit(".", 1)[1],
            "SourceFileName": name, "SourceRelativeUrl": "Shared Documents"}, status="", mark=mark)

    def mail_access(self, t, user, ip):
        self.add(t, 50, "Exchange", "MailItemsAccessed", user, {
            "ClientIP": ip, "ObjectId": "", "LogonType": 0, "MailboxOwnerUPN": upn(user), "ClientInfoString": "Client=OWA;",
            "OperationProperties": [{"Name": "MailAccessType", "Value": "Bind"}, {"Name": "IsThrottled", "Value": "False"}],
            "Folders": [{"Path": "\\Inbox", "FolderItems": [{"InternetMessageId": "<%s@northwindtraders.com>" % self.ident()[:13]}]}]})

    def render(self):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        marks = []
        for number, (t, _, audit, mark) in enumerate(sorted(self.rows, key=lambda r: (r[0], r[1])), start=2):
            writer.writerow([audit["Id"], t.strftime("%Y-%m-%dT%H:%M:%S.0000000Z"), RECORD_TYPES[audit["RecordType"]],
                             audit["Operation"], audit["UserId"], json.dumps(audit, separators=(",", ":")), "", ""])
            if mark:
                marks.append((number, mark))
        return "\ufeff" + out.getvalue(), marks


def ordinary(records, rnd, day):
    agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0"
    t = day + timedelta(hours=7, minutes=2)
    while t < day + timedelta(hours=17, minutes=30):
        user = rnd.choice(USERS)
        ip = rnd.choice(OFFICE_IPS)
        kind = rnd.random()
        if kind < 0.2:
            records.sign_in(t, user, ip)
        elif kind < 0.45:
            records.mail_access(t, user, ip)
        elif kind < 0.8:
            records.file_op(t, user, rnd.choice(["FileAccessed", "FileModified", "FileDownloaded", "FileAccessed"]),
                            "/sites/" + rnd.choice(["Finance/", "Projects/", "HR/"]),
                            rnd.choice(["Budget 2025.xlsx", "Project Plan.docx", "Travel Policy.pdf", "Team Roster.xlsx"]), ip, agent)
        else:
            records.file_op(t, user, "FileSyncDownloadedFull", "/personal/" + user.replace(".", "_") + "_northwindtraders_com/",
                            "Notes %d.docx" % rnd.randrange(1, 40), ip,
                            "Microsoft SkyDriveSync 25.020.0202.0002 ship; Windows NT 10.0 (26100)")
        t += timedelta(minutes=rnd.randrange(2, 9), seconds=rnd.randrange(60))
    # ordinary administration that looks like the attack
    records.exchange_admin(day + timedelta(hours=8, minutes=15), "k.osei", "New-InboxRule",
                           [("Mailbox", "k.osei"), ("Name", "Newsletters"), ("From", "news@contoso.example"),
                            ("MoveToFolder", "k.osei:\\Newsletters"), ("StopProcessingRules", "False")], OFFICE_IPS[0],
                           mark="benign: an inbox rule that moves newsletters")
    records.exchange_admin(day + timedelta(hours=9, minutes=3), ADMIN, "Set-Mailbox",
                           [("Identity", "c.finance"), ("ProhibitSendQuota", "49.5 GB")], OFFICE_IPS[1],
                           mark="benign: Set-Mailbox changing a quota")
    records.exchange_admin(day + timedelta(hours=9, minutes=4), ADMIN, "Set-Mailbox",
                           [("Identity", "r.patel"), ("ForwardingSmtpAddress", ""), ("DeliverToMailboxAndForward", "False")],
                           OFFICE_IPS[1], mark="benign: forwarding removed from a returning employee's mailbox")
    records.add(day + timedelta(hours=9, minutes=40), 8, "AzureActiveDirectory", "Add member to role.", ADMIN, {
        "ClientIP": "", "ObjectId": upn("s.okafor"), "AzureActiveDirectoryEventType": 1,
        "ModifiedProperties": [{"Name": "Role.DisplayName", "NewValue": "Reports Reader", "OldValue": ""},
                               {"Name": "Role.TemplateId", "NewValue": "4a5d8f65-41da-4de4-8968-e035b65339cf", "OldValue": ""}],
        "Actor": [{"ID": upn(ADMIN), "Type": 5}], "Target": [{"ID": upn("s.okafor"), "Type": 5}]},
        status="Success", mark="benign: Reports Reader role assigned by IT")


def attack(records, rnd, day):
    t = day + timedelta(hours=9, minutes=38, seconds=55)
    records.sign_in(t, VICTIM, ATTACKER_IP, mark="sign-in from a foreign address after an AiTM phish (no rule: context)")
    records.mail_access(t + timedelta(minutes=1), VICTIM, ATTACKER_IP)
    records.exchange_admin(day + timedelta(hours=9, minutes=41, seconds=27), VICTIM, "New-InboxRule",
                           [("Mailbox", VICTIM), ("AlwaysDeleteOutlookRulesBlob", "False"), ("Force", "False"), ("Name", "."),
                            ("SubjectOrBodyContainsWords", "invoice;payment;wire;remittance"),
                            ("ForwardTo", "invoices.backup@proton.example"), ("MarkAsRead", "True"),
                            ("MoveToFolder", VICTIM + ":\\RSS Feeds"), ("StopProcessingRules", "True")], ATTACKER_IP,
                           mark="forwarding inbox rule")
    records.exchange_admin(day + timedelta(hours=9, minutes=47, seconds=2), VICTIM, "Set-Mailbox",
                           [("Identity", VICTIM), ("ForwardingSmtpAddress", "smtp:jd.archive@mailbox.example"),
                            ("DeliverToMailboxAndForward", "True")], ATTACKER_IP, mark="mailbox forwarding to an outside address")
    # j.doe is an Exchange administrator: the intruder makes a second account Global Administrator
    records.add(day + timedelta(hours=10, minutes=2, seconds=13), 8, "AzureActiveDirectory", "Add member to role.", VICTIM, {
        "ClientIP": "", "ObjectId": upn("m.ops"), "AzureActiveDirectoryEventType": 1,
        "ExtendedProperties": [{"Name": "additionalDetails", "Value": "{}"}, {"Name": "extendedAuditEventCategory", "Value": "User"}],
        "ModifiedProperties": [{"Name": "Role.ObjectID", "NewValue": "7c1f3d2a-9e4b-4a6c-8d0e-1f2a3b4c5d6e", "OldValue": ""},
                               {"Name": "Role.DisplayName", "NewValue": "Global Administrator", "OldValue": ""},
                               {"Name": "Role.TemplateId", "NewValue": "62e90394-69f5-4237-9190-012177145e10", "OldValue": ""},
                               {"Name": "Role.WellKnownObjectName", "NewValue": "TenantAdmins", "OldValue": ""}],
        "Actor": [{"ID": upn(VICTIM), "Type": 5}], "Target": [{"ID": upn("m.ops"), "Type": 5}]},
        status="Success", mark="Global Administrator assigned to a second account")
    records.exchange_admin(day + timedelta(hours=10, minutes=5, seconds=40), "m.ops", "New-ManagementRoleAssignment",
                           [("Name", "imp-sync"), ("Role", "ApplicationImpersonation"), ("User", upn("m.ops"))], ATTACKER_IP,
                           mark="ApplicationImpersonation assigned")
    records.add(day + timedelta(hours=10, minutes=11, seconds=9), 18, "SecurityComplianceCenter", "New-ComplianceSearchAction",
                "m.ops", {"ClientIP": ATTACKER_IP, "ObjectId": "q1-finance_Export", "StartTime": "", "ClientApplication": "EMC",
                          "Parameters": [{"Name": "SearchName", "Value": "q1-finance"}, {"Name": "Export", "Value": "True"},
                                         {"Name": "Format", "Value": "FxStream"}, {"Name": "Scope", "Value": "IndexedItemsOnly"}],
                          "CmdletVersion": "", "EffectiveOrganization": TENANT, "UserServicePlan": "Enterprise"},
                status="True", mark="compliance search exported (mailbox export)")
    t = day + timedelta(hours=10, minutes=15, seconds=2)
    names = ["Q1 Payroll.xlsx", "Vendor Bank Details.xlsx", "Board Minutes %02d.docx", "Contract %03d.pdf", "Invoice %04d.pdf"]
    for index in range(54):
        name = names[index % len(names)]
        if "%" in name:
            name = name % (index + 1)
        records.file_op(t, VICTIM, "FileDownloaded", "/sites/Finance/", name, ATTACKER_IP, "python-requests/2.31.0",
                        mark="mass download (one of 54 in six minutes)" if index == 0 else None)
        t += timedelta(seconds=rnd.randrange(4, 9))


def main():
    rnd = random.Random(20250311)
    records = Records(rnd)
    day = datetime(2025, 3, 11)
    ordinary(records, rnd, day)
    attack(records, rnd, day)
    text, marks = records.render()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    if "--list" in sys.argv:
        for number, mark in marks:
            print(f"m365-bec/AuditLog_2025-03-11.csv:{number}: {mark}")


if __name__ == "__main__":
    main()
