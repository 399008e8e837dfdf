package io.parley.model.identity;

public record ApiKeyRequest(String name, Role role) {
}
