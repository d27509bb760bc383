using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FirewallGateway.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// Who sent a notification: a Basic login (already checked by the gateway's Basic scheme), an API key header, or
/// a secret URL path token. Secrets are compared as SHA-256 digests in constant time, against every configured
/// secret, so neither the length nor the first differing byte leaks through timing. A source that keeps
/// presenting wrong keys or tokens is throttled like a failing Basic login (429 with Retry-After).
/// </summary>
internal sealed class GraylogAuthenticator
{
    private readonly string _apiKeyHeader;
    private readonly (string Name, byte[] Digest)[] _apiKeys;
    private readonly (string Name, byte[] Digest)[] _pathTokens;
    private readonly HashSet<string> _allowedLogins;
    private readonly LoginThrottle _throttle;

    public GraylogAuthenticator(IOptions<GraylogReceiverOptions> options, LoginThrottle throttle)
    {
        _throttle = throttle;
        var value = options.Value;
        _apiKeyHeader = value.ApiKeyHeader;
        _apiKeys = value.ApiKeys.Select(k => (k.Name, Digest(k.Secret))).ToArray();
        _pathTokens = value.PathTokens.Select(k => (k.Name, Digest(k.Secret))).ToArray();
        _allowedLogins = new HashSet<string>(value.AllowedLogins, StringComparer.Ordinal);
    }

    /// <summary>The reporter name, or the refusal to send.</summary>
    public (string? Reporter, GraylogError? Error) Authenticate(HttpContext context, string? pathToken)
    {
        bool presentsSecret = pathToken is not null || context.Request.Headers.ContainsKey(_apiKeyHeader);
        if (presentsSecret && _throttle.RetryAfter(context.Connection.RemoteIpAddress, null) is { } wait)
        {
            int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return (null, new GraylogError(StatusCodes.Status429TooManyRequests, "too-many-failures", null,
                $"too many invalid keys or tokens from this address; retry after {seconds} s"));
        }

        var (reporter, error) = Check(context, pathToken);
        if (presentsSecret && error is { Status: StatusCodes.Status401Unauthorized })
        {
            _throttle.RecordFailure(context.Connection.RemoteIpAddress, null);
        }

        return (reporter, error);
    }

    private (string? Reporter, GraylogError? Error) Check(HttpContext context, string? pathToken)
    {
        if (pathToken is not null)
        {
            if (_pathTokens.Length == 0)
            {
                return (null, new GraylogError(StatusCodes.Status404NotFound, "not-found", null,
                    "URL path tokens are not enabled (Receivers:Graylog:PathTokens is empty)"));
            }

            return Match(_pathTokens, pathToken) is { } tokenName
                ? (tokenName, null)
                : (null, new GraylogError(StatusCodes.Status401Unauthorized, "invalid-token", null, "the URL path token is not valid"));
        }

        if (context.Request.Headers.TryGetValue(_apiKeyHeader, out var keys))
        {
            return keys.Count == 1 && Match(_apiKeys, keys.ToString()) is { } keyName
                ? (keyName, null)
                : (null, new GraylogError(StatusCodes.Status401Unauthorized, "invalid-api-key", _apiKeyHeader, $"the {_apiKeyHeader} header is not a valid API key"));
        }

        var user = context.User;
        if (user.Identity is { IsAuthenticated: true, Name: { } login })
        {
            if (!user.IsInRole(GatewayRoles.Reporter) && !user.IsInRole(GatewayRoles.Operator))
            {
                return (null, Forbidden($"login '{login}' has no reporter or operator role"));
            }

            return _allowedLogins.Count > 0 && !_allowedLogins.Contains(login)
                ? (null, Forbidden($"login '{login}' is not in Receivers:Graylog:AllowedLogins"))
                : (login, null);
        }

        context.Response.Headers.WWWAuthenticate = "Basic realm=\"FirewallGateway\"";
        return (null, new GraylogError(StatusCodes.Status401Unauthorized, "unauthenticated", null,
            context.Request.Headers.Authorization.Count > 0
                ? "the credentials are not valid"
                : $"send Basic credentials, an API key in the {_apiKeyHeader} header, or use a URL path token"));
    }

    private static GraylogError Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "forbidden", null, detail);

    private static string? Match((string Name, byte[] Digest)[] secrets, string presented)
    {
        byte[] digest = Digest(presented);
        string? found = null;
        foreach (var (name, expected) in secrets)
        {
            // No early exit: every secret is compared whichever matches.
            if (CryptographicOperations.FixedTimeEquals(expected, digest))
            {
                found ??= name;
            }
        }

        return found;
    }

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
