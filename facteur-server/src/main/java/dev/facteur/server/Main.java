package dev.facteur.server;

/** Entry point of the {@code facteur} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("facteur");
    }
}
