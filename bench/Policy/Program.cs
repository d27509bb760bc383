using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FirewallGateway.Emulators.RouterOs;

// Usage: dotnet bench/Policy/bin/Release/net10.0/FirewallGateway.Policy.Bench.dll <gateway dll> [addresses=100000] [prefixes=400] [budget=10000] [connections=32]
// An attack of <addresses> addresses spread evenly over <prefixes> /24s (interleaved: every prefix gets its first address,
// then its second, ...) is reported through the HTTP API (fail2ban form posts, keep-alive, <connections> at once) to a
// real gateway process whose one target is the RouterOS API emulator (plain API on loopback) with an entry budget of
// <budget> (Policy:TargetMaxEntries:edge). Run twice, side by side: with Policy:RangeFolding on for the target, and
// without. The clock runs from the first report until the router holds its final list (folding: one /24 per prefix and
// no single address; without: <budget> entries) and the gateway reports nothing pending for the target.
if (args.Length < 1 || !File.Exists(args[0]))
{
    await Console.Error.WriteLineAsync("usage: FirewallGateway.Policy.Bench <path to FirewallGateway.dll> [addresses] [prefixes] [budget] [connections]");
    return 2;
}

string gatewayDll = Path.GetFullPath(args[0]);
int addresses = Arg(1, 100_000);
int prefixes = Arg(2, 400);
int budget = Arg(3, 10_000);
int connections = Arg(4, 32);
if (addresses % prefixes != 0 || addresses / prefixes > 254 || prefixes > 60_000)
{
    await Console.Error.WriteLineAsync("addresses must be a multiple of prefixes, at most 254 per /24");
    return 2;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"addresses={addresses} prefixes={prefixes} (/24, {addresses / prefixes} each) budget={budget} connections={connections} cores={Environment.ProcessorCount} {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
var folded = await RunAsync(folding: true);
var plain = await RunAsync(folding: false);
Console.WriteLine("| mode | reports sent (s) | until the router's list is final (s) | entries on the router | of them ranges | adds sent | removes sent | withheld | folded ranges |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var r in new[] { folded, plain })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Mode} | {r.ReportSeconds:0.00} | {r.FinalSeconds:0.00} | {r.Entries} | {r.Ranges} | {r.Adds} | {r.Removes} | {r.Withheld} | {r.FoldedRanges} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"addresses blocked on the router: folding {folded.Ranges * 256L + folded.Entries - folded.Ranges} (covering all {addresses}), without {plain.Entries}; time ratio folding / without {folded.FinalSeconds / plain.FinalSeconds:0.00}"));
return 0;

async Task<Result> RunAsync(bool folding)
{
    string mode = folding ? "folding" : "budget only";
    await using var router = new RouterOsEmulator();
    await router.StartAsync(tls: false);
    string folder = Directory.CreateTempSubdirectory("fwgw-folding-bench-").FullName;
    int port = FreePort();
    var settings = new Dictionary<string, string>
    {
        ["Targets:edge:Kind"] = "routeros",
        ["Targets:edge:Host"] = "127.0.0.1",
        ["Targets:edge:Port"] = router.Port.ToString(CultureInfo.InvariantCulture),
        ["Targets:edge:Tls"] = "false",
        ["Targets:edge:User"] = router.User,
        ["Targets:edge:Password"] = router.Password,
        ["Policy:TargetMaxEntries:edge"] = budget.ToString(CultureInfo.InvariantCulture),
        ["Policy:DefaultBanDuration"] = "1.00:00:00",
    };
    if (folding)
    {
        settings["Policy:RangeFolding:Targets:0"] = "edge";
    }

    using var gateway = StartGateway(folder, port, settings);
    try
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await WaitForHealthAsync(http, gateway);
        string admin = File.ReadAllLines(Path.Combine(folder, "data", "admin.credentials"))[0];
        http.DefaultRequestHeaders.Authorization = Basic(admin);
        string reporter = await CreateReporterAsync(http);

        var clock = Stopwatch.StartNew();

        // One report alone first: the gateway remembers a login once its password checked, so the parallel
        // reports that follow need no password hash each.
        await ReportAsync(0, CancellationToken.None);
        await Parallel.ForEachAsync(
            Enumerable.Range(1, addresses - 1),
            new ParallelOptions { MaxDegreeOfParallelism = connections },
            async (n, ct) => await ReportAsync(n, ct));
        double reportSeconds = clock.Elapsed.TotalSeconds;

        async Task ReportAsync(int n, CancellationToken ct)
        {
            for (int attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/reports")
                {
                    Content = new FormUrlEncodedContent([new("ip", Address(n)), new("jail", "sshd")]),
                };
                request.Headers.Authorization = Basic(reporter);
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                // 503 (shedding load) and 429 (password checks all busy) mean the report was not taken: send it again.
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests) || attempt > 50)
                {
                    throw new InvalidOperationException($"{Address(n)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                }

                await Task.Delay(100, ct);
            }
        }

        var deadline = TimeSpan.FromMinutes(20);
        while (true)
        {
            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with {gateway.ExitCode}");
            }

            var entries = router.Entries();
            int ranges = entries.Count(e => e.Address.EndsWith("/24", StringComparison.Ordinal));
            bool final = folding ? entries.Count == prefixes && ranges == prefixes : entries.Count == Math.Min(budget, addresses);
            if (final && await PendingAsync(http) == 0)
            {
                double finalSeconds = clock.Elapsed.TotalSeconds;
                string metrics = await http.GetStringAsync("metrics");
                return new Result(mode, reportSeconds, finalSeconds, entries.Count, ranges, router.AddsReceived, router.RemovesReceived,
                    Gauge(metrics, "firewallgateway_firewallgateway_target_withheld"), Gauge(metrics, "firewallgateway_firewallgateway_target_folded_ranges"));
            }

            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{mode}: the router holds {entries.Count} entries ({ranges} ranges) after {deadline}");
            }

            await Task.Delay(250);
        }
    }
    finally
    {
        gateway.Kill();
        await gateway.WaitForExitAsync();
        Directory.Delete(folder, recursive: true);
    }
}

Process StartGateway(string folder, int port, Dictionary<string, string> settings)
{
    var start = new ProcessStartInfo("dotnet")
    {
        WorkingDirectory = folder,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    start.ArgumentList.Add(gatewayDll);
    start.ArgumentList.Add("--urls");
    start.ArgumentList.Add($"http://127.0.0.1:{port}");
    start.ArgumentList.Add("--Gateway:DataDirectory=" + Path.Combine(folder, "data"));
    start.ArgumentList.Add("--Storage:SqlitePath=" + Path.Combine(folder, "data", "firewallgateway.db"));
    start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
    foreach (var (key, value) in settings)
    {
        start.ArgumentList.Add($"--{key}={value}");
    }

    start.Environment["DOTNET_ENVIRONMENT"] = "Production";
    var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway");
    process.OutputDataReceived += (_, e) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null)
        {
            Console.Error.WriteLine("gateway: " + e.Data);
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitForHealthAsync(HttpClient http, Process gateway)
{
    for (int i = 0; i < 600; i++)
    {
        if (gateway.HasExited)
        {
            throw new InvalidOperationException($"the gateway exited with {gateway.ExitCode} during start");
        }

        try
        {
            using var response = await http.GetAsync("health");
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("the gateway did not answer /health within 60 s");
}

static async Task<string> CreateReporterAsync(HttpClient http)
{
    using var response = await http.PostAsync("api/v1/credentials", new StringContent("{\"name\":\"web1\",\"role\":\"reporter\"}", Encoding.UTF8, "application/json"));
    response.EnsureSuccessStatusCode();
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return "web1:" + json.RootElement.GetProperty("password").GetString();
}

static async Task<int> PendingAsync(HttpClient http)
{
    using var response = await http.GetAsync("health");
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return json.RootElement.GetProperty("targets").EnumerateArray().Sum(t => t.GetProperty("pending").GetInt32());
}

static string Gauge(string metrics, string name) =>
    metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal))?.Split(' ').Last() ?? "-";

static AuthenticationHeaderValue Basic(string login) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login)));

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

// Address n of the attack: prefix n % prefixes (1.<p / 256 + 1>.<p % 256>.0/24), host n / prefixes + 1.
string Address(int n)
{
    int prefix = n % prefixes;
    return string.Create(CultureInfo.InvariantCulture, $"1.{1 + (prefix / 256)}.{prefix % 256}.{1 + (n / prefixes)}");
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

internal sealed record Result(
    string Mode, double ReportSeconds, double FinalSeconds, int Entries, int Ranges, long Adds, long Removes, string Withheld, string FoldedRanges);
