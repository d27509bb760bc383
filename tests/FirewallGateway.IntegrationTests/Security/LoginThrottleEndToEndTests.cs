using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>Guessing against the real gateway process, from distinct loopback sources.</summary>
public sealed class LoginThrottleEndToEndTests
{
    private const string GraylogKey = "graylog-key-0123456789abcdefghijklmnopqrstuv";

    [Fact]
    public async Task BadLogins_FromOneSource_Get429WithRetryAfter_WhileAnotherSourceStillReports()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["LoginThrottle:SourceBurst"] = "3",
            ["LoginThrottle:LoginBurst"] = "1000",
            ["Receivers:Graylog:ApiKeys:0:Name"] = "graylog",
            ["Receivers:Graylog:ApiKeys:0:Secret"] = GraylogKey,
        });
        string password = await gateway.CreateReporterAsync("web1");
        using var attacker = Client(gateway, "127.0.0.2", "mallory", "guess");
        for (int i = 0; i < 3; i++)
        {
            using var refused = await attacker.PostAsync("api/v1/reports", Report("1.0.70.1"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var throttled = await attacker.PostAsync("api/v1/reports", Report("1.0.70.1")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.InRange(throttled.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));
            Assert.Contains("too-many-failures", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The throttled source is refused even with a right password; another source is not slowed at all.
        using var sameSource = Client(gateway, "127.0.0.2", "web1", password);
        using (var refusedGood = await sameSource.PostAsync("api/v1/reports", Report("1.0.70.2")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refusedGood.StatusCode);
        }

        using var reporter = Client(gateway, "127.0.0.3", "web1", password);
        using var accepted = await reporter.PostAsync("api/v1/reports", Report("1.0.70.3"));
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());

        // Graylog API keys are guessed the same way and throttled the same way.
        using var keyGuesser = Loopback.HttpClientFrom(IPAddress.Parse("127.0.0.4"), gateway.BaseAddress);
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/graylog/events") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-API-Key", "guess-" + i + new string('x', 40));
            using var answer = await keyGuesser.SendAsync(request);
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(answer.Headers.RetryAfter?.Delta);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AFloodOfFailedLogins_DoesNotFloodTheLog()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string> { ["LoginThrottle:SourceBurst"] = "1" });
        await Task.Delay(TimeSpan.FromSeconds(1));
        int before = Entries(gateway).Count;

        // One failure, then 499 refusals (429): each used to cost the Basic handler's lines, unthrottled.
        var started = DateTime.UtcNow;
        using var attacker = Client(gateway, "127.0.0.5", "mallory", "guess");
        var answers = new List<HttpStatusCode>();
        for (int i = 0; i < 500; i++)
        {
            using var refused = await attacker.GetAsync("api/v1/decisions");
            answers.Add(refused.StatusCode);
        }

        double seconds = (DateTime.UtcNow - started).TotalSeconds;
        Assert.Equal(499, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        var added = Entries(gateway).Skip(before).ToList();

        // The burst (20) and then about one line a second pass; the rest is summed up once a minute.
        Assert.True(added.Count <= 20 + (int)Math.Ceiling(seconds) + 2, $"{added.Count} log entries for 500 refused logins in {seconds:F1} s:\n{string.Join('\n', added)}");
        Assert.Contains(added, l => l.Contains("Login failed for 'mallory' from 127.0.0.5", StringComparison.Ordinal));
        Assert.Contains(added, l => l.Contains("Login refused for too many failures from 127.0.0.5", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("LoginThrottle:SourceBurst", "0")]
    [InlineData("Limits:MaxConcurrentRequests", "0")]
    [InlineData("Writer:QueueFullWait", "00:05:00")]
    public async Task BadSettings_StopTheGateway_NamingTheKey(string key, string value)
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string> { [key] = value }));
        Assert.Contains("FirewallGateway: configuration error: " + key, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The console logger's entries (a level line followed by the message line), one string each.</summary>
    private static List<string> Entries(GatewayProcess gateway)
    {
        var entries = new List<string>();
        foreach (string line in gateway.Log.Split('\n'))
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(line, "^(trce|dbug|info|warn|fail|crit): "))
            {
                entries.Add(line);
            }
            else if (entries.Count > 0)
            {
                entries[^1] += " " + line.Trim();
            }
        }

        return entries;
    }

    private static HttpClient Client(GatewayProcess gateway, string source, string user, string password)
    {
        var client = Loopback.HttpClientFrom(IPAddress.Parse(source), gateway.BaseAddress);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static FormUrlEncodedContent Report(string address) => new(new Dictionary<string, string> { ["ip"] = address, ["jail"] = "sshd" });
}
