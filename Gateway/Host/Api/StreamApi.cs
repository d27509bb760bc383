using System.Text.RegularExpressions;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>GET /api/v1/stream/{consumer}</c>: the change stream for other firewalls. A consumer's first call (or
/// <c>?restart=true</c>) returns the full snapshot of blocked addresses; every later call returns only the
/// changes since that consumer's last call (<c>add</c>/<c>remove</c>, at most <c>max</c>, <c>more</c> says
/// call again). Each consumer name has its own cursor in the store, so consumers never take each other's
/// changes. A cursor belongs to the login that pulls it: it is stored under <c>&lt;login&gt;/&lt;consumer&gt;</c>,
/// so another login using the same consumer name gets a cursor of its own and can neither read nor advance
/// this one (and cannot squat a name to lock the real consumer out either). Needs a login of any role.
/// <c>GET /api/v1/stream</c> lists consumers, their owners and cursors (operators).
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
        string consumer, bool? restart, int? max, HttpContext context, IChangeFeed stream, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ConsumerName().IsMatch(consumer))
        {
            return ApiResults.BadRequest("consumer", "must be 1-64 letters, digits, '.', '_' or '-'");
        }

        if (max is < 1 or > 100_000)
        {
            return ApiResults.BadRequest("max", "must be between 1 and 100000");
        }

        string login = context.User.Identity?.Name ?? throw new InvalidOperationException("the stream requires a login");
        var batch = await stream.PullAsync(OwnedKey(login, consumer), restart ?? false, max ?? 10_000, time.GetUtcNow(), cancellationToken);
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
            (await stream.ListConsumersAsync(cancellationToken)).Select(View).ToList(),
            ApiJsonContext.Default.IReadOnlyListStreamConsumerView);

    /// <summary>The stored cursor name: login names never hold '/', so the owner is always the part before the first one.</summary>
    private static string OwnedKey(string login, string consumer) => login + "/" + consumer;

    /// <summary>Cursors stored before ownership existed have no owner; no login can reach them any more.</summary>
    private static StreamConsumerView View(StreamConsumer stored)
    {
        int slash = stored.Name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new StreamConsumerView(stored.Name, null, stored.Cursor, stored.UpdatedAt)
            : new StreamConsumerView(stored.Name[(slash + 1)..], stored.Name[..slash], stored.Cursor, stored.UpdatedAt);
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex ConsumerName();
}
