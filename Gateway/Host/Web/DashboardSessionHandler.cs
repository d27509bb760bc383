using System.Security.Claims;
using System.Text.Encodings.Web;
using FirewallGateway.Api;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Web;

/// <summary>
/// Authenticates a dashboard request by its session cookie. The login behind the session is looked up on every
/// request, so an operator login removed or demoted (on any gateway of a fleet) stops its sessions at once.
/// </summary>
internal sealed class DashboardSessionHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly DashboardSessions _sessions;
    private readonly ICredentialStore _credentials;

    public DashboardSessionHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DashboardSessions sessions, ICredentialStore credentials)
        : base(options, logger, encoder)
    {
        _sessions = sessions;
        _credentials = credentials;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(DashboardAuthentication.CookieName, out string? id) || string.IsNullOrEmpty(id))
        {
            return AuthenticateResult.NoResult();
        }

        var session = _sessions.Find(id, activity: !DashboardAuthentication.IsBackground(Request));
        if (session is null)
        {
            return AuthenticateResult.Fail("the dashboard session ended (logged out, idle or too old)");
        }

        var credential = await _credentials.FindCredentialAsync(session.Name, Context.RequestAborted);
        if (credential is not { Active: true, Role: GatewayRoles.Operator })
        {
            _sessions.End(id);
            return AuthenticateResult.Fail("the login behind the dashboard session is no longer an active operator");
        }

        Context.Items[typeof(DashboardSession)] = session;
        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, session.Name),
            new(ClaimTypes.Name, session.Name),
            new(ClaimTypes.Role, GatewayRoles.Operator),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    // A plain 401 with a reason: no WWW-Authenticate, so the browser never pops up its own Basic login box.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Response.WriteAsJsonAsync(new ApiError("login-required", "log in to the dashboard (the session ended or never began)"), ApiJsonContext.Default.ApiError);
    }
}
