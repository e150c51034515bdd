package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.Reading;
import dev.vigil.ingest.json.JsonFormat;
import dev.vigil.ingest.m365.M365AuditCsvFormat;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microsoft 365 audit records reach {@code {product: m365, service: audit}} rules with the same field names whether
 * they come from the CSV export or the Management Activity API's JSON, Name/Value lists included.
 */
class M365FieldsTest {
    private static String rule(String id, String detection) {
        return "title: " + id + "\nid: " + id + "\nstatus: test\nlevel: low\nlogsource:\n  product: m365\n  service: audit\n"
                + "detection:\n" + detection + "\n";
    }

    private static final String RULES = String.join("---\n",
            rule("00000000-0000-4000-8000-000000000001",
                    "  sel:\n    Operation: New-InboxRule\n    Parameters.ForwardTo|contains: '@'\n  condition: sel"),
            rule("00000000-0000-4000-8000-000000000002",
                    "  sel:\n    ModifiedProperties.Role.DisplayName: Global Administrator\n  condition: sel"),
            rule("00000000-0000-4000-8000-000000000003",
                    "  sel:\n    Parameters|contains: 'ForwardTo='\n  condition: sel"),
            rule("00000000-0000-4000-8000-000000000004",
                    "  sel:\n    RequestType: 'Cmsi:Cmsi'\n    ExtendedProperties.requesttype: 'Cmsi:Cmsi'\n  condition: sel"),
            rule("00000000-0000-4000-8000-000000000005",
                    "  sel:\n    UserAgent|startswith: python-requests\n    SourceFileName|endswith: .xlsx\n  condition: sel"),
            rule("00000000-0000-4000-8000-000000000006",
                    "  sel:\n    Parameters.NoSuchParameter|exists: true\n  condition: sel"));

    private static Detector detector(String rules) {
        RuleSet ruleSet = new RuleLoader().addText("m365.yml", rules).build();
        assertThat(ruleSet.problems()).isEmpty();
        return Detector.compile(ruleSet, MappingLoader.builtIn(), Placeholders.NONE).detector();
    }

    private static List<Event> read(InputFormat format, String fixture) throws IOException {
        try (InputStream input = M365FieldsTest.class.getResourceAsStream("/dev/vigil/ingest/m365/" + fixture)) {
            assertThat(input).as(fixture).isNotNull();
            return Reading.read(format, input.readAllBytes()).events();
        }
    }

    private static List<Set<String>> fired(Detector detector, List<Event> events) {
        return events.stream().map(event -> {
            Set<String> ids = new TreeSet<>();
            detector.detect(event).forEach(detection -> ids.add(detection.rule().id().substring(34)));
            return (Set<String>) ids;
        }).toList();
    }

    @Test
    void csvExportAndManagementApiJsonMeetTheSameRules() throws IOException {
        Detector detector = detector(RULES);

        List<Set<String>> expected = List.of(Set.of("04"), Set.of("01", "03"), Set.of("02"), Set.of("05"));
        assertThat(fired(detector, read(new JsonFormat(), "ual-activity-api.json"))).isEqualTo(expected);
        assertThat(fired(detector, read(new M365AuditCsvFormat(), "ual-export-new.csv")).subList(0, 4)).isEqualTo(expected);
        // The old export's two records: the inbox rule and the role assignment.
        assertThat(fired(detector, read(new M365AuditCsvFormat(), "ual-export-old.csv"))).isEqualTo(List.of(Set.of("01", "03"), Set.of("02")));
    }

    @Test
    void aCutAuditDataStillGivesTheOperationOfTheOldExportColumns() throws IOException {
        Detector detector = detector(rule("00000000-0000-4000-8000-000000000007",
                "  sel:\n    Operation: Set-Mailbox\n    UserId: a@b.c\n  condition: sel"));
        Event event = Reading.read(new M365AuditCsvFormat(), "CreationDate,UserIds,Operations,AuditData\n"
                + "3/11/2025 9:41:27 AM,a@b.c,Set-Mailbox,\"{\"\"CreationTime\"\":\"\"2025-03-11T09:4\"\n").only();

        assertThat(detector.detect(event)).hasSize(1);
    }

    /** SigmaHQ's conditional-access bypass rule needs RequestType, which UAL keeps in ExtendedProperties. */
    @Test
    void sigmaHqConditionalAccessBypassRuleRunsOnUalSignIns() throws IOException {
        Path rule = SharedData.require("sigma/rules/cloud/m365/audit/microsoft365_bypass_conditional_access.yml");
        RuleSet ruleSet = new RuleLoader().addPath(rule).build();
        Detector detector = Detector.compile(ruleSet, MappingLoader.builtIn(), Placeholders.NONE).detector();

        assertThat(detector.ruleCount()).isEqualTo(1);
        assertThat(read(new JsonFormat(), "ual-activity-api.json")).extracting(event -> detector.detect(event).size())
                .containsExactly(1, 0, 0, 0);
        assertThat(read(new M365AuditCsvFormat(), "ual-export-new.csv")).extracting(event -> detector.detect(event).size())
                .containsExactly(1, 0, 0, 0, 0);
    }
}
