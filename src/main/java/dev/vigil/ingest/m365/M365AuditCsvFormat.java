package dev.vigil.ingest.m365;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputFormat;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Microsoft 365 Unified Audit Log as exported to CSV: the old export's {@code CreationDate,UserIds,Operations,AuditData}
 * and the newer {@code RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,…}, or any
 * other column set that has an {@code AuditData} column. Recognised by its header row.
 */
public final class M365AuditCsvFormat implements InputFormat {
    public static final String NAME = "m365-audit-csv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sniff(String fileName, byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int end = text.indexOf('\n');
        String first = (end < 0 ? text : text.substring(0, end)).strip();
        List<String> cells = Arrays.stream(first.split(",", -1))
                .map(cell -> cell.strip().replace("\"", "").toLowerCase(Locale.ROOT)).toList();
        boolean auditData = cells.contains("auditdata");
        boolean common = cells.contains("creationdate") || cells.contains("operations") || cells.contains("operation")
                || cells.contains("recordtype");
        return auditData && common ? 90 : 0;
    }

    @Override
    public boolean firstLineNamesColumns() {
        return true;
    }

    @Override
    public EventReader open(InputStream input, String source, ProblemListener problems) throws IOException {
        return new M365AuditCsvReader(input, source, problems);
    }
}
