/**
 * Microsoft 365 Unified Audit Log exported to CSV (Purview portal, {@code Search-UnifiedAuditLog | Export-Csv}): the
 * export's columns plus the {@code AuditData} JSON cell flattened as the {@code json} format flattens records.
 *
 * <p>Imports: {@code dev.vigil.ingest} (and its {@code csv}, {@code json} readers), {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.m365;
