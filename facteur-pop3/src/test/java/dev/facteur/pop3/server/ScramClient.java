package dev.facteur.pop3.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.crypto.SecretKeyFactory;

/** A minimal SCRAM-SHA-256 client (RFC 5802 §3, RFC 7677) written from the RFC for tests. */
final class ScramClient {
    private final String user;
    private final String password;
    private final String nonce = "rOprNGfwEbeRWgbNEkqO";
    private String authMessage;
    private byte[] saltedPassword;

    ScramClient(String user, String password) {
        this.user = user;
        this.password = password;
    }

    String clientFirst() {
        return "n,," + bare();
    }

    private String bare() {
        return "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce;
    }

    String clientFinal(String serverFirst) throws GeneralSecurityException {
        String r = null;
        String s = null;
        int i = 0;
        for (String attr : serverFirst.split(",")) {
            switch (attr.charAt(0)) {
                case 'r' -> r = attr.substring(2);
                case 's' -> s = attr.substring(2);
                case 'i' -> i = Integer.parseInt(attr.substring(2));
                default -> { }
            }
        }
        if (r == null || s == null || !r.startsWith(nonce)) {
            throw new IllegalStateException("bad server-first: " + serverFirst);
        }
        String withoutProof = "c=biws,r=" + r;
        authMessage = bare() + "," + serverFirst + "," + withoutProof;
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        saltedPassword = f.generateSecret(new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(s), i, 256))
                .getEncoded();
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int k = 0; k < proof.length; k++) {
            proof[k] = (byte) (clientKey[k] ^ signature[k]);
        }
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    boolean verifyServerFinal(String serverFinal) throws GeneralSecurityException {
        byte[] serverKey = hmac(saltedPassword, "Server Key");
        String expected = "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
        return expected.equals(serverFinal);
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
