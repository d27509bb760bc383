using FirewallGateway.Web;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Dashboard.IntegrationTests;

/// <summary>Session lifetime rules with a fake clock: idle expiry, background calls, maximum age, the cap.</summary>
public sealed class DashboardSessionsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private DashboardSessions Sessions(int maxSessions = 100) => new(
        Options.Create(new DashboardOptions { IdleTimeout = TimeSpan.FromMinutes(30), MaxLifetime = TimeSpan.FromHours(12), MaxSessions = maxSessions }), _time);

    [Fact]
    public void Find_ActivityWithinIdleTimeout_KeepsTheSessionAlive()
    {
        var sessions = Sessions();
        var session = sessions.Start("admin");

        for (int i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(29));
            Assert.NotNull(sessions.Find(session.Id, activity: true));
        }
    }

    [Fact]
    public void Find_IdleForTheTimeout_SessionEnded()
    {
        var sessions = Sessions();
        var session = sessions.Start("admin");

        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.Null(sessions.Find(session.Id, activity: true));
    }

    [Fact]
    public void Find_OnlyBackgroundCalls_DoNotPostponeTheIdleExpiry()
    {
        var sessions = Sessions();
        var session = sessions.Start("admin");

        _time.Advance(TimeSpan.FromMinutes(20));
        Assert.NotNull(sessions.Find(session.Id, activity: false));
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(sessions.Find(session.Id, activity: false));
    }

    [Fact]
    public void Find_ActiveButOlderThanMaxLifetime_SessionEnded()
    {
        var sessions = Sessions();
        var session = sessions.Start("admin");
        for (int i = 0; i < 24; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(29));
            sessions.Find(session.Id, activity: true);
        }

        _time.Advance(TimeSpan.FromMinutes(29));

        Assert.Null(sessions.Find(session.Id, activity: true));
    }

    [Fact]
    public void Start_EachLogin_NewIdAndCsrfToken_EndedSessionUnknown()
    {
        var sessions = Sessions();
        var first = sessions.Start("admin");
        var second = sessions.Start("admin");

        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.CsrfToken, second.CsrfToken);
        Assert.NotEqual(first.Id, first.CsrfToken);
        sessions.End(first.Id);
        Assert.Null(sessions.Find(first.Id, activity: true));
        Assert.NotNull(sessions.Find(second.Id, activity: true));
    }

    [Fact]
    public void Start_OverTheCap_OldestSessionEnds()
    {
        var sessions = Sessions(maxSessions: 2);
        var oldest = sessions.Start("a");
        _time.Advance(TimeSpan.FromSeconds(1));
        var middle = sessions.Start("b");
        _time.Advance(TimeSpan.FromSeconds(1));
        var newest = sessions.Start("c");

        Assert.Null(sessions.Find(oldest.Id, activity: true));
        Assert.NotNull(sessions.Find(middle.Id, activity: true));
        Assert.NotNull(sessions.Find(newest.Id, activity: true));
    }
}
