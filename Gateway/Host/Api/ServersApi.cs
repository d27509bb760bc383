using System.Text.RegularExpressions;
using FirewallGateway.Auth;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>/api/v1/servers</c>: the server registry. Registering a server creates its reporter login (same name,
/// password shown once) and an allow-list entry for its address (source <c>server:&lt;name&gt;</c>, removable
/// only by removing the server). Operators only.
/// </summary>
internal static partial class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/servers").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapGet("/", async (ServerRegistry registry, CancellationToken cancellationToken) =>
            Results.Json((await registry.ListAsync(cancellationToken)).Select(ToView).ToList(), ApiJsonContext.Default.IReadOnlyListServerView));
        group.MapGet("/{name}", async (string name, ServerRegistry registry, CancellationToken cancellationToken) =>
            await registry.GetAsync(name, cancellationToken) is { } server
                ? Results.Json(ToView(server), ApiJsonContext.Default.ServerView)
                : ApiResults.NotFound($"no server '{name}'"));
        group.MapPost("/", RegisterAsync);
        group.MapPatch("/{name}", UpdateAsync);
        group.MapDelete("/{name}", RemoveAsync);
        return group;
    }

    public static ServerView ToView(ServerRecord s) => new(
        s.Name, s.Address.ToString(), s.Credential, s.MaxAddresses, s.BanDuration is { } d ? Format(d) : null, s.Scope, s.Group, s.Active,
        s.AllowListId, s.CreatedAt);

    private static async Task<IResult> RegisterAsync(HttpContext context, ServerRegistry registry, CredentialValidator validator, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, ApiJsonContext.Default.ServerRequest);
        if (error is not null)
        {
            return error;
        }

        if (request!.Name is null || !NamePattern().IsMatch(request.Name))
        {
            return ApiResults.BadRequest("name", "is required: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        var (server, invalid) = Apply(new ServerRecord(request.Name, default, request.Name, null, null, "fleet", null, true, null, default), request, requireAddress: true);
        if (invalid is not null)
        {
            return invalid;
        }

        string password = PasswordHasher.NewPassword();
        var (stored, refusal) = await registry.RegisterAsync(server!, PasswordHasher.Hash(password), cancellationToken);
        validator.Forget(request.Name);
        return stored is null
            ? ApiResults.Error(StatusCodes.Status409Conflict, "conflict", refusal!)
            : Results.Json(new ServerCreated(ToView(stored), password), ApiJsonContext.Default.ServerCreated, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpContext context, ServerRegistry registry, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, ApiJsonContext.Default.ServerRequest);
        if (error is not null)
        {
            return error;
        }

        var current = await registry.GetAsync(name, cancellationToken);
        if (current is null)
        {
            return ApiResults.NotFound($"no server '{name}'");
        }

        if (request!.Name is not null && request.Name != name)
        {
            return ApiResults.BadRequest("name", "cannot be changed; remove the server and register it again");
        }

        var (changed, invalid) = Apply(current, request, requireAddress: false);
        if (invalid is not null)
        {
            return invalid;
        }

        return await registry.UpdateAsync(changed!, cancellationToken) is { } updated
            ? Results.Json(ToView(updated), ApiJsonContext.Default.ServerView)
            : ApiResults.NotFound($"no server '{name}'");
    }

    private static async Task<IResult> RemoveAsync(string name, ServerRegistry registry, CredentialValidator validator, CancellationToken cancellationToken)
    {
        bool removed = await registry.RemoveAsync(name, cancellationToken);

        // The validator remembers good logins for a while; a removed server must stop reporting at once.
        validator.Forget(name);
        return removed ? Results.NoContent() : ApiResults.NotFound($"no server '{name}'");
    }

    /// <summary>The request's fields over <paramref name="server"/>; fields left out keep their value.</summary>
    private static (ServerRecord? Server, IResult? Error) Apply(ServerRecord server, ServerRequest request, bool requireAddress)
    {
        if (request.Address is not null || requireAddress)
        {
            if (!BanAddress.TryParse(request.Address, out var address))
            {
                return (null, ApiResults.BadRequest("address", "is required and must be an IPv4/IPv6 address or CIDR block"));
            }

            server = server with { Address = address };
        }

        if (request.MaxAddresses is { } max)
        {
            if (max is < 0 or > 10_000_000)
            {
                return (null, ApiResults.BadRequest("maxAddresses", "must be between 1 and 10000000 (0 for no cap)"));
            }

            server = server with { MaxAddresses = max == 0 ? null : max };
        }

        if (request.BanDuration is { } text)
        {
            if (text.Length == 0)
            {
                server = server with { BanDuration = null };
            }
            else if (!DurationText.TryParse(text, out var duration))
            {
                return (null, ApiResults.BadRequest("banDuration", "must look like 90s, 15m, 4h, 7d, 2w (empty for the policy default)"));
            }
            else
            {
                server = server with { BanDuration = duration };
            }
        }

        if (request.Scope is { } scope)
        {
            if (scope is not ("fleet" or "group"))
            {
                return (null, ApiResults.BadRequest("scope", "must be fleet or group"));
            }

            server = server with { Scope = scope };
        }

        if (request.Group is { } group)
        {
            server = server with { Group = group.Length == 0 ? null : group };
        }

        if (server.Scope == "group" && server.Group is null)
        {
            return (null, ApiResults.BadRequest("group", "is required when scope is group"));
        }

        if (request.Active is { } active)
        {
            server = server with { Active = active };
        }

        return (server, null);
    }

    private static string Format(TimeSpan d) =>
        d.TotalDays >= 1 && d.TotalDays % 1 == 0 ? FormattableString.Invariant($"{d.TotalDays:0}d")
        : d.TotalHours >= 1 && d.TotalHours % 1 == 0 ? FormattableString.Invariant($"{d.TotalHours:0}h")
        : d.TotalMinutes >= 1 && d.TotalMinutes % 1 == 0 ? FormattableString.Invariant($"{d.TotalMinutes:0}m")
        : FormattableString.Invariant($"{d.TotalSeconds:0}s");

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex NamePattern();
}
