/**
 * The toolkit over HTTP, independent of the HTTP server: {@link dev.facteur.toolkit.web.ToolkitApi}
 * maps request parameters and bodies to JSON answers, {@link dev.facteur.toolkit.web.VerifyJobs}
 * runs bulk verifications as polled jobs, and the page (HTML, JS, CSS) lives in the classpath
 * folder {@code /web/}.
 *
 * <p>Invariants: every answer is JSON; bad input is a 400 with a one-line {@code error}, never an
 * exception text or a stack; bodies and jobs are bounded.
 */
package dev.facteur.toolkit.web;
