using System.Security.Cryptography;
using System.Text;
using FirewallGateway.Api;

namespace FirewallGateway.Web;

/// <summary>
/// Runs after authentication: every change made with a dashboard session must carry that session's CSRF token
/// in <c>X-CSRF-Token</c> (Basic-authenticated callers are not browsers and are not asked), and every answer
/// gets headers that keep a browser from running or framing anything the gateway did not ship itself.
/// </summary>
internal static class DashboardSecurity
{
    // No 'unsafe-inline' anywhere: attacker-supplied text that slipped into markup still could not run.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseDashboardSecurity(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        if (DashboardAuthentication.SessionOf(context) is { } session && !IsSafe(context.Request.Method)
            && !TokenMatches(context.Request.Headers[DashboardAuthentication.CsrfHeader].ToString(), session.CsrfToken))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(
                new ApiError("csrf", $"a change from the dashboard needs the session's {DashboardAuthentication.CsrfHeader} header"),
                ApiJsonContext.Default.ApiError);
            return;
        }

        await next(context);
    });

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static bool TokenMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
