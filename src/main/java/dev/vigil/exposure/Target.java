package dev.vigil.exposure;

import static java.util.Objects.requireNonNull;

/**
 * One server to assess: its name, the product name it was given as ({@code exchange}, {@code sharepoint-2019}, …)
 * and its build. Made by {@link ExposureChecker#target}, which checks the product name and the build.
 */
public record Target(String host, String product, Family family, Build build) {
    public Target {
        requireNonNull(host, "host is null");
        requireNonNull(product, "product is null");
        requireNonNull(family, "family is null");
        requireNonNull(build, "build is null");
    }
}
