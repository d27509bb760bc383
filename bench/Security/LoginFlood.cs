using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace FirewallGateway.Security.Bench;

/// <summary>
/// A legitimate reporter (127.0.0.1, one keep-alive connection, one report at a time) measured alone and then
/// while an open-loop flood of wrong passwords for its own login arrives at a fixed rate from other loopback
/// sources (127.0.1.1 ...). Also compares the answer time of a wrong password for a known and an unknown login.
/// </summary>
internal static class LoginFlood
{
    public static async Task RunAsync(Uri gateway, string user, string password, string knownLogin, int rate, int sources, int seconds)
    {
        using var reporter = LoadClient.From(IPAddress.Loopback, gateway, user, password, 1);
        long next = 0;
        await MeasureAsync(reporter, TimeSpan.FromSeconds(3), () => next++);  // warm-up, and the login is remembered

        await CompareLoginTimingAsync(gateway, knownLogin);

        var alone = await MeasureAsync(reporter, TimeSpan.FromSeconds(seconds / 2), () => next++);
        Console.WriteLine($"reporter alone:         {LoadClient.Percentiles(alone)}");

        using var stop = new CancellationTokenSource();
        var statuses = new ConcurrentDictionary<string, long>();
        var attackers = Enumerable.Range(1, sources)
            .Select(i => AttackAsync(gateway, IPAddress.Parse($"127.0.1.{i}"), user, (double)sources / rate, statuses, stop.Token))
            .ToList();
        var started = Stopwatch.StartNew();
        var underAttack = await MeasureAsync(reporter, TimeSpan.FromSeconds(seconds), () => next++);
        await stop.CancelAsync();
        await Task.WhenAll(attackers);
        long sent = statuses.Where(p => !p.Key.StartsWith("not-sent", StringComparison.Ordinal)).Sum(p => p.Value);
        Console.WriteLine($"reporter under attack:  {LoadClient.Percentiles(underAttack)}");
        Console.WriteLine($"attack: {sent / started.Elapsed.TotalSeconds:F0} bad logins/s answered from {sources} sources; " +
            string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
    }

    private static async Task<List<double>> MeasureAsync(HttpClient client, TimeSpan duration, Func<long> nextAddress)
    {
        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                using var answer = await client.PostAsync("api/v1/reports", LoadClient.Report(nextAddress()));
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!answer.IsSuccessStatusCode)
                {
                    Console.WriteLine($"reporter got {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // A report that never got an answer counts with the time it was given up after.
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Console.WriteLine($"reporter got no answer: {ex.GetType().Name} after {Stopwatch.GetElapsedTime(start).TotalSeconds:F0} s");
            }
        }

        return samples;
    }

    private static async Task CompareLoginTimingAsync(Uri gateway, string knownLogin)
    {
        var known = new List<double>();
        var unknown = new List<double>();
        for (int i = 1; i <= 8; i++)
        {
            // Fresh sources and at most 8 tries per login: below every throttle, so each one is a full check.
            known.Add(await TimeOneAsync(gateway, IPAddress.Parse($"127.0.2.{i}"), knownLogin));
            unknown.Add(await TimeOneAsync(gateway, IPAddress.Parse($"127.0.3.{i}"), "nobody-" + i));
        }

        Console.WriteLine($"wrong password, known login:   {LoadClient.Percentiles(known)}");
        Console.WriteLine($"wrong password, unknown login: {LoadClient.Percentiles(unknown)}");
    }

    private static async Task<double> TimeOneAsync(Uri gateway, IPAddress source, string login)
    {
        using var client = LoadClient.From(source, gateway, login, "wrong-" + Guid.NewGuid(), 1);
        using (await client.GetAsync("health"))
        {
            // Connect first (health is anonymous), so only the check is timed.
        }

        long start = Stopwatch.GetTimestamp();
        using var answer = await client.GetAsync("api/v1/decisions");
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task AttackAsync(Uri gateway, IPAddress source, string login, double periodSeconds, ConcurrentDictionary<string, long> statuses, CancellationToken stop)
    {
        using var client = LoadClient.From(source, gateway, login, "guess", 64);
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            // Open loop: the next guess leaves on schedule whether or not the last was answered (capped at 64 in flight).
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count < 64)
            {
                inFlight.Add(GuessAsync(client, statuses));
            }
            else
            {
                statuses.AddOrUpdate("not-sent (64 in flight)", 1, (_, n) => n + 1);
            }

            sent++;
            var due = TimeSpan.FromSeconds(sent * periodSeconds) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task GuessAsync(HttpClient client, ConcurrentDictionary<string, long> statuses)
    {
        string key;
        try
        {
            using var answer = await client.GetAsync("api/v1/decisions");
            key = ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            key = ex.GetType().Name;
        }

        statuses.AddOrUpdate(key, 1, (_, n) => n + 1);
    }
}
