package io.parley.model.crm;

/** @param defaultCountry ISO 3166 alpha-2, for numbers typed or imported without a country code */
public record CrmSettings(String defaultCountry) {
}
