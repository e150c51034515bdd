package dev.vigil.exposure;

import java.time.LocalDate;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One entry of the CISA Known Exploited Vulnerabilities catalogue, with the field names of its JSON schema.
 * {@code knownRansomwareCampaignUse} and {@code notes} are optional there and empty when absent.
 */
public record KevEntry(String cveID, String vendorProject, String product, String vulnerabilityName, LocalDate dateAdded,
                       String shortDescription, String requiredAction, LocalDate dueDate,
                       String knownRansomwareCampaignUse, String notes, List<String> cwes) {
    public KevEntry {
        requireNonNull(cveID, "cveID is null");
        requireNonNull(vendorProject, "vendorProject is null");
        requireNonNull(product, "product is null");
        requireNonNull(vulnerabilityName, "vulnerabilityName is null");
        requireNonNull(dateAdded, "dateAdded is null");
        requireNonNull(shortDescription, "shortDescription is null");
        requireNonNull(requiredAction, "requiredAction is null");
        requireNonNull(dueDate, "dueDate is null");
        requireNonNull(knownRansomwareCampaignUse, "knownRansomwareCampaignUse is null");
        requireNonNull(notes, "notes is null");
        cwes = List.copyOf(cwes);
    }
}
