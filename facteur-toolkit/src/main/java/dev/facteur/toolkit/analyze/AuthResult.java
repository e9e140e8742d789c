package dev.facteur.toolkit.analyze;

/**
 * One authentication result: recorded in transit (an Authentication-Results header, RFC 8601,
 * with the server that wrote it) or computed now by re-verification ({@code authservId} "now").
 */
public record AuthResult(String authservId, String method, String result, String detail) {
}
