/**
 * {@code vigil scan}: a read-only sweep of a file system (a live server or a mounted copy) for webshells and
 * attacker tools — known names and locations, SHA-256 indicators, content indicators in script files, and files
 * changed recently in web roots. Indicators are bundled data files ({@code dev/vigil/scan/*.yml}).
 *
 * <p>May import {@code event} and {@code respond} only; turning findings into detections for the shared output
 * writers is the job of {@code runtime}.
 */
package dev.vigil.scan;
