using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Web;

/// <summary>
/// The dashboard's logged-in sessions, in memory: the cookie holds only a random session id, so logout and
/// expiry end a session on the server at once (a stolen cookie is worthless afterwards) and nothing secret sits
/// in the browser. Each session carries its own CSRF token. A restart logs everyone out, which is acceptable
/// for an operator UI; behind a load balancer the dashboard needs sticky sessions (docs/CONFIG.md).
/// </summary>
internal sealed class DashboardSessions
{
    private readonly ConcurrentDictionary<string, DashboardSession> _sessions = new(StringComparer.Ordinal);
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;

    public DashboardSessions(IOptions<DashboardOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    public TimeSpan IdleTimeout => _options.IdleTimeout;

    /// <summary>Starts a session for an operator; a new id every time, so a planted id never becomes a login.</summary>
    public DashboardSession Start(string name)
    {
        var now = _time.GetUtcNow();
        RemoveExpired(now);
        while (_sessions.Count >= _options.MaxSessions && _sessions.Values.MinBy(s => s.StartedAt) is { } oldest)
        {
            _sessions.TryRemove(oldest.Id, out _);
        }

        var session = new DashboardSession(NewToken(), name, NewToken(), now);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>
    /// The live session with this id, or null (unknown, idle too long, too old). <paramref name="activity"/>
    /// false for what the page does by itself (refresh, live feed), so an unattended page still times out.
    /// </summary>
    public DashboardSession? Find(string id, bool activity)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (IsExpired(session, now))
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        if (activity)
        {
            session.Touch(now);
        }

        return session;
    }

    public void End(string id) => _sessions.TryRemove(id, out _);

    private bool IsExpired(DashboardSession session, DateTimeOffset now) =>
        now - session.LastActivity >= _options.IdleTimeout || now - session.StartedAt >= _options.MaxLifetime;

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var session in _sessions.Values.Where(s => IsExpired(s, now)))
        {
            _sessions.TryRemove(session.Id, out _);
        }
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}

/// <summary>One login: its cookie id, operator name, CSRF token and times.</summary>
internal sealed class DashboardSession(string id, string name, string csrfToken, DateTimeOffset startedAt)
{
    // Requests of one session run in parallel: the last activity is kept as ticks so it is read and written whole.
    private long _lastActivityUtcTicks = startedAt.UtcTicks;

    public string Id { get; } = id;

    public string Name { get; } = name;

    public string CsrfToken { get; } = csrfToken;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityUtcTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActivityUtcTicks, now.UtcTicks);
}
