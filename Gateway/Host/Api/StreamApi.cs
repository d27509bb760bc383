using System.Text.RegularExpressions;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>GET /api/v1/stream/{consumer}</c>: the change stream for other firewalls. A consumer's first call (or
/// <c>?restart=true</c>) returns the full snapshot of blocked addresses; every later call returns only the
/// changes since that consumer's last call (<c>add</c>/<c>remove</c>, at most <c>max</c>, <c>more</c> says
/// call again). Each consumer name has its own cursor in the store, so consumers never take each other's
/// changes. Needs a login of any role. <c>GET /api/v1/stream</c> lists consumers and cursors (operators).
/// </summary>
internal static partial class StreamApi
{
    public static RouteGroupBuilder MapStreamApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/stream");
        group.MapGet("/{consumer}", PullAsync).RequireAuthorization(GatewayRoles.ReportPolicy);
        group.MapGet("/", ListAsync).RequireAuthorization(GatewayRoles.OperatorPolicy);
        return group;
    }

    private static async Task<IResult> PullAsync(
        string consumer, bool? restart, int? max, IChangeFeed stream, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ConsumerName().IsMatch(consumer))
        {
            return ApiResults.BadRequest("consumer", "must be 1-64 letters, digits, '.', '_' or '-'");
        }

        if (max is < 1 or > 100_000)
        {
            return ApiResults.BadRequest("max", "must be between 1 and 100000");
        }

        var batch = await stream.PullAsync(consumer, restart ?? false, max ?? 10_000, time.GetUtcNow(), cancellationToken);
        return Results.Json(
            new StreamView(
                consumer,
                batch.Snapshot,
                batch.Cursor,
                batch.More,
                batch.Changes.Select(c => new StreamChangeView(c.Sequence, c.Op, c.Address.ToString(), c.ExpiresAt)).ToList()),
            ApiJsonContext.Default.StreamView);
    }

    private static async Task<IResult> ListAsync(IChangeFeed stream, CancellationToken cancellationToken) =>
        Results.Json(
            (await stream.ListConsumersAsync(cancellationToken)).Select(c => new StreamConsumerView(c.Name, c.Cursor, c.UpdatedAt)).ToList(),
            ApiJsonContext.Default.IReadOnlyListStreamConsumerView);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ConsumerName();
}
