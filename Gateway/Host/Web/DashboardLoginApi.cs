using FirewallGateway.Api;
using FirewallGateway.Auth;
using FirewallGateway.Core.Security;

namespace FirewallGateway.Web;

/// <summary>
/// <c>/ui/session</c>: log in (<c>POST</c>, operators only; reporter logins are refused), who am I and the CSRF
/// token (<c>GET</c>), log out (<c>DELETE</c>). The password check is the same one Basic uses.
/// </summary>
internal static class DashboardLoginApi
{
    private const int MaxFieldLength = 256;

    public static IEndpointRouteBuilder MapDashboardLoginApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/ui/session", LoginAsync).AllowAnonymous();
        endpoints.MapGet("/ui/session", (HttpContext context, DashboardSessions sessions) =>
            DashboardAuthentication.SessionOf(context) is { } session
                ? Results.Json(View(session, sessions), DashboardJsonContext.Default.DashboardSessionView)
                : ApiResults.Error(StatusCodes.Status401Unauthorized, "login-required", "no dashboard session")).AllowAnonymous();
        endpoints.MapDelete("/ui/session", (HttpContext context, DashboardSessions sessions) =>
        {
            if (DashboardAuthentication.SessionOf(context) is { } session)
            {
                sessions.End(session.Id);
            }

            context.Response.Cookies.Delete(DashboardAuthentication.CookieName, CookieOptions(context));
            return Results.NoContent();
        }).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context, CredentialValidator validator, DashboardSessions sessions, CancellationToken cancellationToken)
    {
        // A JSON body cannot be sent cross-site without a CORS preflight the gateway never grants, and a foreign
        // Origin is refused outright: no other site can log a browser into the dashboard.
        if (context.Request.Headers.Origin is [{ } origin] && !SameOrigin(context.Request, origin))
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, "foreign-origin", "logins are accepted only from the dashboard's own pages");
        }

        var (request, error) = await ApiBody.ReadAsync(context.Request, DashboardJsonContext.Default.DashboardLoginRequest);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(request!.Name) || request.Name.Length > MaxFieldLength)
        {
            return ApiResults.BadRequest("name", $"is required and at most {MaxFieldLength} characters");
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > MaxFieldLength)
        {
            return ApiResults.BadRequest("password", $"is required and at most {MaxFieldLength} characters");
        }

        string? role = await validator.ValidateAsync(request.Name, request.Password, cancellationToken);
        if (role is null)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "invalid-login", "wrong name or password");
        }

        if (role != GatewayRoles.Operator)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, "reporter-login", "this login may only report; the dashboard needs an operator login");
        }

        var session = sessions.Start(request.Name);
        context.Response.Cookies.Append(DashboardAuthentication.CookieName, session.Id, CookieOptions(context));
        return Results.Json(View(session, sessions), DashboardJsonContext.Default.DashboardSessionView);
    }

    // A browser-session cookie (no Expires): HttpOnly so page scripts never see it, Strict so no other site's
    // request carries it, Secure whenever the dashboard is reached over HTTPS.
    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    private static bool SameOrigin(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static DashboardSessionView View(DashboardSession session, DashboardSessions sessions) =>
        new(session.Name, session.CsrfToken, (int)sessions.IdleTimeout.TotalSeconds);
}
