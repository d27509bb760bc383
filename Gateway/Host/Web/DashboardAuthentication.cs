using idunno.Authentication.Basic;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace FirewallGateway.Web;

/// <summary>
/// The dashboard's session scheme beside HTTP Basic. A request carrying an <c>Authorization</c> header is
/// always Basic (reporters, the CLI, scripts: not browsers, so not subject to CSRF); a request with the session
/// cookie or the dashboard's own marker header is the dashboard's. A selector scheme picks one per request.
/// </summary>
internal static class DashboardAuthentication
{
    public const string Scheme = "DashboardSession";
    public const string CookieName = "fwgw_session";
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>Sent by every dashboard call; marks requests that must get the dashboard's 401 (no Basic prompt).</summary>
    public const string DashboardHeader = "X-Dashboard";

    /// <summary>Sent by calls the page makes by itself (refresh, live feed): they do not count as activity.</summary>
    public const string BackgroundHeader = "X-Dashboard-Background";

    private const string SelectorScheme = "GatewaySelector";

    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<DashboardSessions>();

        // Registered after AddGatewayAuthentication: this default replaces the plain Basic one.
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Basic or dashboard session", options => options.ForwardDefaultSelector = Select)
            .AddScheme<AuthenticationSchemeOptions, DashboardSessionHandler>(Scheme, configureOptions: null);
        return services;
    }

    public static bool IsBackground(HttpRequest request) =>
        request.Headers.ContainsKey(BackgroundHeader)
        || request.Headers.Accept.Any(a => a is not null && a.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));

    /// <summary>The session of this request when the dashboard's scheme authenticated it.</summary>
    public static DashboardSession? SessionOf(HttpContext context) => context.Items[typeof(DashboardSession)] as DashboardSession;

    private static string Select(HttpContext context) =>
        !context.Request.Headers.ContainsKey(HeaderNames.Authorization)
        && (context.Request.Cookies.ContainsKey(CookieName) || context.Request.Headers.ContainsKey(DashboardHeader))
            ? Scheme
            : BasicAuthenticationDefaults.AuthenticationScheme;
}
