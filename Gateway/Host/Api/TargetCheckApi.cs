using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using FirewallGateway.Targets;
using FirewallGateway.TargetSnmp;

namespace FirewallGateway.Api;

/// <summary>
/// <c>POST /api/v1/targets/{name}/check</c> (one) and <c>POST /api/v1/targets/check</c> (all): connects to the
/// target now and says whether it is reachable, the gateway's credentials are accepted, and its list/set/jail
/// is there, with the error text when not. The result is recorded as the target's last contact. A target polled
/// by SNMP is polled now too: uptime, sysName, the poll's result and the last reboot seen. Operators only.
/// </summary>
internal static class TargetCheckApi
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(20);

    public static RouteGroupBuilder MapTargetCheckApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/targets").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapPost("/{name}/check", CheckOneAsync);
        group.MapPost("/check", CheckAllAsync);
        return group;
    }

    private static async Task<IResult> CheckOneAsync(
        string name, ConfiguredTargets targets, TargetSnmpPoller snmp, ITargetStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var registration = targets.Registrations.FirstOrDefault(r => r.Name == name);
        return registration.Name is null
            ? ApiResults.NotFound($"no configured target '{name}'")
            : Results.Json(await CheckAsync(registration, targets, snmp, store, time, cancellationToken), ApiJsonContext.Default.TargetCheckView);
    }

    private static async Task<IResult> CheckAllAsync(
        ConfiguredTargets targets, TargetSnmpPoller snmp, ITargetStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(targets.Registrations.Select(r => CheckAsync(r, targets, snmp, store, time, cancellationToken).AsTask()));
        return Results.Json(checks, ApiJsonContext.Default.IReadOnlyListTargetCheckView);
    }

    private static async ValueTask<TargetCheckView> CheckAsync(
        (string Name, string Kind) target,
        ConfiguredTargets targets,
        TargetSnmpPoller snmp,
        ITargetStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        Core.Enforcement.TargetHealth health;
        try
        {
            health = await targets.Get(target.Name).CheckAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            health = Core.Enforcement.TargetHealth.Unreachable($"no answer within {CheckTimeout.TotalSeconds:0} s");
        }

        var at = time.GetUtcNow();
        await store.RecordContactAsync(target.Name, at, health.Healthy ? null : health.Detail, cancellationToken);
        var snmpStatus = snmp.Monitor(target.Name) is { } monitor ? await monitor.PollAsync(timeout.Token) : null;
        return new TargetCheckView(target.Name, target.Kind, health.Reachable, health.Authenticated, health.Ready, health.Healthy, health.Detail, at, snmpStatus);
    }
}
