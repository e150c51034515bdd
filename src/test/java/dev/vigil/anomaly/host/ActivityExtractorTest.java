package dev.vigil.anomaly.host;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.vigil.anomaly.host.HostEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

class ActivityExtractorTest {

    @Test
    void sysmonProcessCreationIsAParentChildPairOnTheShortHostName() {
        List<Activity> activities = ActivityExtractor.extract(HostEvents.sysmonProcess("SP-WFE01.corp.example",
                "2025-07-18T18:06:14Z", "c:\\windows\\system32\\inetsrv\\w3wp.exe", "C:\\Windows\\System32\\cmd.exe"));
        assertThat(activities).singleElement().satisfies(activity -> {
            assertThat(activity.host()).isEqualTo("sp-wfe01");
            assertThat(activity.kind()).isEqualTo(Activity.Kind.PROCESS_PAIR);
            assertThat(activity.key()).isEqualTo("w3wp.exe → cmd.exe");
            assertThat(activity.detail()).contains("C:\\Windows\\System32\\cmd.exe");
            assertThat(activity.time()).isEqualTo(Instant.parse("2025-07-18T18:06:14Z"));
        });
    }

    @Test
    void security4688IsReadThroughTheProcessCreationMapping() {
        List<Activity> activities = ActivityExtractor.extract(event("EX01", "Security", 4688, "2021-03-02T10:00:00Z",
                "ParentProcessName", "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\UMWorkerProcess.exe",
                "NewProcessName", "C:\\Windows\\System32\\cmd.exe"));
        assertThat(activities).extracting(Activity::key).containsExactly("umworkerprocess.exe → cmd.exe");
    }

    @Test
    void fileCreationCountsOnlyUnderAWebRoot() {
        List<Activity> layouts = ActivityExtractor.extract(event("SP01", "Microsoft-Windows-Sysmon/Operational", 11,
                "2025-07-18T18:07:00Z", "Image", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "TargetFilename", "C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\spinstall0.aspx"));
        assertThat(layouts).singleElement().satisfies(activity -> {
            assertThat(activity.kind()).isEqualTo(Activity.Kind.WEBROOT_WRITE);
            assertThat(activity.key()).isEqualTo("powershell.exe → *.aspx in SharePoint LAYOUTS");
        });
        assertThat(ActivityExtractor.extract(event("SP01", "Microsoft-Windows-Sysmon/Operational", 11,
                "2025-07-18T18:07:00Z", "Image", "C:\\Windows\\explorer.exe", "TargetFilename", "C:\\Users\\a\\Desktop\\x.aspx")))
                .isEmpty();
    }

    @Test
    void moduleLoggingGivesEachChangingCmdletOnceAndSkipsReadingAndPlumbing() {
        String payload = "CommandInvocation(Get-Item): \"Get-Item\"\r\nCommandInvocation(New-Object): \"New-Object\"\r\n"
                + "CommandInvocation(Set-MpPreference): \"Set-MpPreference\"\r\nCommandInvocation(Set-MpPreference): \"Set-MpPreference\"\r\n"
                + "CommandInvocation(Invoke-Expression): \"Invoke-Expression\"";
        List<Activity> activities = ActivityExtractor.extract(event("WS1", "Microsoft-Windows-PowerShell/Operational", 4103,
                "2020-09-20T16:17:19Z", "Payload", payload));
        assertThat(activities).extracting(Activity::key).containsExactly("set-mppreference", "invoke-expression");
        assertThat(activities).allSatisfy(activity -> assertThat(activity.kind()).isEqualTo(Activity.Kind.ADMIN_CMDLET));
    }

    @Test
    void exchangeManagementCmdletsAndServiceInstallsAreActivities() {
        assertThat(ActivityExtractor.extract(event("EX01", "MSExchange Management", 1, "2021-03-03T01:00:00Z",
                "Data", "Set-OabVirtualDirectory -ExternalUrl 'http://f/<script>'")))
                .extracting(Activity::key).containsExactly("set-oabvirtualdirectory");
        assertThat(ActivityExtractor.extract(event("WS6", "System", 7045, "2020-09-20T16:16:57Z",
                "ServiceName", "PSEXESVC", "ImagePath", "%SystemRoot%\\PSEXESVC.exe")))
                .extracting(Activity::key).containsExactly("psexesvc (psexesvc.exe)");
        assertThat(ActivityExtractor.extract(event("WS6", "Security", 4697, "2020-09-20T16:16:57Z",
                "ServiceName", "Updater", "ServiceFileName", "\"C:\\Windows\\Temp\\u.exe\" -k")))
                .extracting(Activity::key).containsExactly("updater (u.exe)");
        // per-user service instances: one key for every logon's copy
        assertThat(ActivityExtractor.extract(event("WS5", "System", 7045, "2020-09-04T07:09:22Z",
                "ServiceName", "CDPUserSvc_b0b5d", "ImagePath", "C:\\windows\\system32\\svchost.exe -k UnistackSvcGroup")))
                .extracting(Activity::key).containsExactly("cdpusersvc_* (svchost.exe)");
    }

    @Test
    void otherEventsAndEventsWithoutAHostGiveNothing() {
        assertThat(ActivityExtractor.extract(event("WS1", "Security", 4624, "2020-01-01T00:00:00Z", "TargetUserName", "a"))).isEmpty();
        assertThat(ActivityExtractor.extract(event("", "Microsoft-Windows-Sysmon/Operational", 1, "2020-01-01T00:00:00Z",
                "ParentImage", "a.exe", "Image", "b.exe"))).isEmpty();
    }

    @Test
    void aQuotedServiceBinaryWithSpacesInItsPathKeepsItsFileName() {
        assertThat(ActivityExtractor.extract(event("WS6", "System", 7045, "2020-09-20T16:16:57Z",
                "ServiceName", "VendorAgent", "ImagePath", "\"C:\\Program Files\\Vendor\\agent.exe\" -service")))
                .extracting(Activity::key).containsExactly("vendoragent (agent.exe)");
    }
}
