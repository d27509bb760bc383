using System.Text.RegularExpressions;
using FirewallGateway.Api;
using FirewallGateway.Auth;
using FirewallGateway.Core.CrowdSec;
using FirewallGateway.Core.Security;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// <c>/api/v1/crowdsec/bouncers</c> and <c>/api/v1/crowdsec/machines</c> (operators): who may pull decisions
/// with an API key, and which CrowdSec agents may log in and post alerts.
/// </summary>
internal static partial class CrowdSecManagementApi
{
    public static void MapCrowdSecManagementApi(this IEndpointRouteBuilder endpoints)
    {
        var bouncers = endpoints.MapGroup("/api/v1/crowdsec/bouncers").RequireAuthorization(GatewayRoles.OperatorPolicy);
        bouncers.MapGet("/", async (ICrowdSecStore store, CancellationToken cancellationToken) =>
            Results.Json(
                (await store.ListBouncersAsync(cancellationToken)).Select(b => new BouncerView(b.Name, b.CreatedAt, b.LastPullAt, b.Pending)).ToList(),
                CrowdSecApiJsonContext.Default.IReadOnlyListBouncerView));
        bouncers.MapPost("/", AddBouncerAsync);
        bouncers.MapDelete("/{name}", async (string name, ICrowdSecStore store, CancellationToken cancellationToken) =>
            await store.RemoveBouncerAsync(name, cancellationToken) ? Results.NoContent() : ApiResults.NotFound($"no bouncer '{name}'"));

        var machines = endpoints.MapGroup("/api/v1/crowdsec/machines").RequireAuthorization(GatewayRoles.OperatorPolicy);
        machines.MapGet("/", async (ICrowdSecStore store, CancellationToken cancellationToken) =>
            Results.Json(
                (await store.ListMachinesAsync(cancellationToken)).Select(m => new MachineView(m.MachineId, m.CreatedAt, m.LastSeenAt)).ToList(),
                CrowdSecApiJsonContext.Default.IReadOnlyListMachineView));
        machines.MapPost("/", AddMachineAsync);
        machines.MapDelete("/{machineId}", async (string machineId, ICrowdSecStore store, CancellationToken cancellationToken) =>
            await store.RemoveMachineAsync(machineId, cancellationToken) ? Results.NoContent() : ApiResults.NotFound($"no machine '{machineId}'"));
    }

    private static async Task<IResult> AddBouncerAsync(HttpContext context, ICrowdSecStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, CrowdSecApiJsonContext.Default.BouncerRequest);
        if (error is not null)
        {
            return error;
        }

        if (request!.Name is null || !NamePattern().IsMatch(request.Name))
        {
            return ApiResults.BadRequest("name", "must be 1-128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }

        if (request.Key is { } chosen && (chosen.Length < BouncerKeys.MinimumLength || chosen.Length > 256 || chosen.Any(char.IsWhiteSpace)))
        {
            return ApiResults.BadRequest("key", $"must be {BouncerKeys.MinimumLength}-256 characters without spaces (leave it out to get a generated one)");
        }

        string key = request.Key ?? BouncerKeys.NewKey();
        if (await store.FindBouncerByKeyHashAsync(BouncerKeys.Hash(key), cancellationToken) is not null
            || !await store.AddBouncerAsync(request.Name, BouncerKeys.Hash(key), time.GetUtcNow(), cancellationToken))
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "exists", $"a bouncer named '{request.Name}' or with that key exists; delete it first", "name");
        }

        return Results.Json(new BouncerCreated(request.Name, key), CrowdSecApiJsonContext.Default.BouncerCreated, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> AddMachineAsync(HttpContext context, ICrowdSecStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, CrowdSecApiJsonContext.Default.MachineRequest);
        if (error is not null)
        {
            return error;
        }

        if (request!.MachineId is null || !NamePattern().IsMatch(request.MachineId))
        {
            return ApiResults.BadRequest("machineId", "must be 1-128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }

        if (request.Password is { Length: < 12 or > 256 })
        {
            return ApiResults.BadRequest("password", "must be 12-256 characters (leave it out to get a generated one)");
        }

        string password = request.Password ?? PasswordHasher.NewPassword();
        await store.UpsertMachineAsync(request.MachineId, PasswordHasher.Hash(password), time.GetUtcNow(), cancellationToken);
        return Results.Json(new MachineCreated(request.MachineId, password), CrowdSecApiJsonContext.Default.MachineCreated, statusCode: StatusCodes.Status201Created);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$")]
    private static partial Regex NamePattern();
}
