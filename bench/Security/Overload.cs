using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace FirewallGateway.Security.Bench;

/// <summary>
/// Many connections, each sending reports back to back (a distinct address each) for a fixed time. Counts every
/// answer by status, then checks that every address answered 2xx is an active decision in the store: a 2xx is a
/// promise of durability.
/// </summary>
internal static class Overload
{
    public static async Task<int> RunAsync(Uri gateway, Uri load, string user, string password, string operatorUser, string operatorPassword, int connections, int seconds)
    {
        using var observer = new ClientObserver();
        var hosts = Enumerable.Range(0, connections).Select(i => new Worker(i, load, user, password, observer)).ToList();
        var statuses = new ConcurrentDictionary<string, long>();
        var accepted = new ConcurrentBag<string>();
        var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        long next = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var serverTimes = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var workers = hosts.Select(host => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                long n = Interlocked.Increment(ref next);
                string key;
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var answer = await host.Client.PostAsync("api/v1/reports", LoadClient.Report(n));
                    key = await StatusKeyAsync(answer);
                    var took = Stopwatch.GetElapsedTime(start);
                    latencies.GetOrAdd(key, _ => []).Add(took.TotalMilliseconds);
                    serverTimes.GetOrAdd(key, _ => []).Add((took - host.TakeConnectTime()).TotalMilliseconds);
                    if (answer.IsSuccessStatusCode)
                    {
                        accepted.Add(LoadClient.Address(n));
                    }
                    else if (answer.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                    {
                        // What a well-behaved client (curl --retry) does: wait as Retry-After says.
                        await Task.Delay(answer.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    key = ex is HttpRequestException h ? "closed/" + h.HttpRequestError : "timeout (30 s)";
                    latencies.GetOrAdd(key, _ => []).Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    host.TakeConnectTime();
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }

                statuses.AddOrUpdate(key, 1, (_, c) => c + 1);
            }
        })).ToList();
        await Task.WhenAll(workers);
        double elapsed = clock.Elapsed.TotalSeconds;

        // Close the load's connections first: the store is queried on a new one, which the cap would refuse.
        hosts.ForEach(h => h.Dispose());
        await Task.Delay(TimeSpan.FromSeconds(2));

        Console.WriteLine($"{connections} connections for {elapsed:F0} s: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        foreach (var (status, times) in latencies.OrderBy(p => p.Key))
        {
            Console.WriteLine($"answer time, {status}: {LoadClient.Percentiles([.. times])}");
        }

        // The same without the TCP connect the request had to make first (a full accept queue shows there, not here).
        foreach (var (status, times) in serverTimes.OrderBy(p => p.Key))
        {
            Console.WriteLine($"answer time without connecting, {status}: {LoadClient.Percentiles([.. times])}");
        }

        Console.WriteLine($"answer time, every answered request: {LoadClient.Percentiles([.. latencies.Where(p => char.IsAsciiDigit(p.Key[0])).SelectMany(p => p.Value)])}");
        long resets = statuses.Where(p => p.Key.StartsWith("closed/", StringComparison.Ordinal)).Sum(p => p.Value);
        long timeouts = statuses.Where(p => p.Key.StartsWith("timeout", StringComparison.Ordinal)).Sum(p => p.Value);
        Console.WriteLine($"connections closed without an answer: {resets}; client time-outs: {timeouts}");
        observer.Report();
        Console.WriteLine($"2xx: {accepted.Count} ({accepted.Count / elapsed:F0}/s)");

        using var operatorClient = LoadClient.From(IPAddress.Loopback, gateway, operatorUser, operatorPassword, 1);
        operatorClient.Timeout = TimeSpan.FromMinutes(5);
        var active = new HashSet<string>(StringComparer.Ordinal);
        for (string page = "api/v1/decisions?limit=100000"; ;)
        {
            // Newest first, 100,000 a page; "before" pages on by decision id.
            using var json = JsonDocument.Parse(await operatorClient.GetStringAsync(page));
            var decisions = json.RootElement.EnumerateArray().ToList();
            if (decisions.Count == 0)
            {
                break;
            }

            active.UnionWith(decisions.Select(d => d.GetProperty("address").GetString()!));
            page = $"api/v1/decisions?limit=100000&before={decisions.Min(d => d.GetProperty("id").GetInt64())}";
        }

        int missing = accepted.Count(a => !active.Contains(a));
        Console.WriteLine($"durable: {accepted.Count - missing} of {accepted.Count} 2xx answers are active decisions in the store ({missing} missing)");
        long other5xx = statuses.Where(p => p.Key[0] == '5' && !p.Key.StartsWith("503", StringComparison.Ordinal)).Sum(p => p.Value);
        Console.WriteLine($"5xx other than 503: {other5xx}");
        return missing == 0 && other5xx == 0 ? 0 : 1;
    }

    /// <summary>
    /// The status, and for a 503 which limit gave it: the connection cap (Limits:MaxConnections, answered before the
    /// request is read) or the request queue and writer (any other 503).
    /// </summary>
    private static async Task<string> StatusKeyAsync(HttpResponseMessage answer)
    {
        string status = ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (answer.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            return status;
        }

        string body = await answer.Content.ReadAsStringAsync();
        return status + (body.Contains("Limits:MaxConnections", StringComparison.Ordinal) ? " connection cap" : " request queue");
    }
}
