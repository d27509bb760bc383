using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// One gateway of the fleet drives each target: the lease is a session-level advisory lock (first key
/// <see cref="AdvisoryLocks.TargetLease"/>, second key hashtext(target)) held on a connection of its own. The
/// database frees the lock when that session ends (the gateway died, was killed, lost its network), and the
/// next gateway whose worker asks takes the target over.
/// </summary>
internal sealed class PostgresTargetLeases : ITargetLeases
{
    private readonly NpgsqlDataSource _sessions;
    private readonly TimeSpan _checkInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // sessions: unpooled connections, as closing one must end its session and with it the lock.
    public PostgresTargetLeases(NpgsqlDataSource sessions, TimeSpan checkInterval, TimeProvider time, ILogger<PostgresTargetLeases> logger)
    {
        _sessions = sessions;
        _checkInterval = checkInterval;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<ITargetLease?> TryAcquireAsync(string target, CancellationToken cancellationToken)
    {
        var connection = await _sessions.OpenConnectionAsync(cancellationToken);
        try
        {
            // If this host vanishes without closing the socket, the server notices within about 11 s and
            // frees the lock (the default would wait two hours for TCP keepalive).
            await using (var keepalive = new NpgsqlCommand(
                "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3", connection))
            {
                await keepalive.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var take = new NpgsqlCommand(
                $"SELECT pg_try_advisory_lock({AdvisoryLocks.TargetLease}, hashtext(@target))", connection);
            take.Parameters.AddWithValue("target", target);
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                return PostgresTargetLease.Start(connection, target, _checkInterval, _time, _logger);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }
}
