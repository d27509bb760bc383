using System.Diagnostics;
using System.Globalization;
using FirewallGateway.Adapters.Fail2banSsh;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

// Real sshd (restricted account, shipped wrapper) in front of a real fail2ban with the shipped jail and the
// dummy action. Measures (1) single bans on a warm connection, one BanAsync per address, which returns once
// fail2ban-client has banned it; (2) 10,000 bans through BanAsync in batches; and, as the anchor, (3) the same
// 10,000 bans by local `fail2ban-client set gateway banip` calls of the same batch size, without SSH.
// Usage: dotnet run -c Release --project bench/Fail2banSsh -- [singles=300] [batch=200] [total=10000]
int singles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
int batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
int total = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;

string repo = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(repo, "FirewallGateway.sln")))
{
    repo = Path.GetDirectoryName(repo) ?? throw new InvalidOperationException("run from the repository");
}

string samples = Path.Combine(repo, "samples", "fail2ban", "central-firewall");
string folder = Directory.CreateTempSubdirectory("fwgw-f2bssh-bench-").FullName;
File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
string etc = Path.Combine(folder, "etc");
await using var ssh = await SshServer.StartAsync(Path.Combine(samples, "firewallgateway-command"), $"--jail gateway --allow-read --no-sudo --config {etc}");
try
{
    await StartFail2banAsync();
    var options = new Fail2banSshOptions
    {
        Host = "127.0.0.1", Port = ssh.Port, User = ssh.User, KeyFile = ssh.ClientKeyFile, HostKeySha256 = ssh.HostKeySha256,
        Jail = "gateway", MaxAddressesPerCall = batch,
    };
    await using var adapter = new Fail2banSshAdapter("bench", options, new SshConnection("bench", options, NullLogger.Instance), NullLogger.Instance, TimeProvider.System);
    var expires = DateTimeOffset.UtcNow.AddDays(1);
    int next = 0;
    BanEntry Next() { int n = ++next; return new BanEntry(BanAddress.Parse($"1.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{(n & 0xff) | 1}"), n, expires); }

    for (int i = 0; i < 20; i++)
    {
        await adapter.BanAsync([Next()], CancellationToken.None);
    }

    var latencies = new List<double>(singles);
    for (int i = 0; i < singles; i++)
    {
        var watch = Stopwatch.StartNew();
        var result = await adapter.BanAsync([Next()], CancellationToken.None);
        latencies.Add(watch.Elapsed.TotalMilliseconds);
        if (!result.Items[0].IsConfirmed)
        {
            throw new InvalidOperationException(result.Items[0].Why);
        }
    }

    latencies.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single ban, warm connection: n={singles} p50={Pct(0.50):0.0} ms p95={Pct(0.95):0.0} ms p99={Pct(0.99):0.0} ms max={latencies[^1]:0.0} ms"));

    // Anchor for (1): the same single ban by fail2ban-client on the firewall itself (no SSH).
    var localSingles = new List<double>(singles);
    for (int i = 0; i < singles; i++)
    {
        string address = Next().Address.ToString();
        var watch = Stopwatch.StartNew();
        (await ProcessRunner.RunAsync("fail2ban-client", "-c", etc, "set", "gateway", "banip", address)).EnsureSuccess("local banip");
        localSingles.Add(watch.Elapsed.TotalMilliseconds);
    }

    localSingles.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single ban, local fail2ban-client (anchor): n={singles} p50={localSingles[singles / 2]:0.0} ms p99={localSingles[Math.Min(singles - 1, (int)Math.Ceiling(0.99 * singles) - 1)]:0.0} ms"));

    var bulk = Enumerable.Range(0, total).Select(_ => Next()).ToList();
    int loginsBefore = ssh.AcceptedLogins();
    var bulkWatch = Stopwatch.StartNew();
    var bulkResult = await adapter.BanAsync(bulk, CancellationToken.None);
    double bulkSeconds = bulkWatch.Elapsed.TotalSeconds;
    int confirmed = bulkResult.Items.Count(i => i.IsConfirmed);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} bans via SSH in batches of {batch}: {bulkSeconds:0.00} s ({total / bulkSeconds:0} bans/s), confirmed {confirmed}, new SSH logins {ssh.AcceptedLogins() - loginsBefore}"));

    // Anchor: the same work by fail2ban-client on the firewall itself, same batch size, no SSH.
    var local = Enumerable.Range(0, total).Select(_ => Next().Address.ToString()).ToList();
    var localWatch = Stopwatch.StartNew();
    foreach (var chunk in local.Chunk(batch))
    {
        (await ProcessRunner.RunAsync("fail2ban-client", ["-c", etc, "set", "gateway", "banip", .. chunk])).EnsureSuccess("local banip");
    }

    double localSeconds = localWatch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} bans via local fail2ban-client in batches of {batch} (anchor): {localSeconds:0.00} s ({total / localSeconds:0} bans/s); SSH/local = {bulkSeconds / localSeconds:0.00}"));
    double Pct(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
}
finally
{
    await ProcessRunner.RunAsync("fail2ban-client", "-c", etc, "stop");
    Directory.Delete(folder, recursive: true);
}

async Task StartFail2banAsync()
{
    (await ProcessRunner.RunAsync("cp", "-a", "/etc/fail2ban", etc)).EnsureSuccess("cp");
    foreach (string file in Directory.EnumerateFiles(Path.Combine(etc, "jail.d")))
    {
        File.Delete(file);
    }

    File.Copy(Path.Combine(samples, "jail.d", "firewallgateway-central.local"), Path.Combine(etc, "jail.d", "firewallgateway-central.local"));
    File.WriteAllText(Path.Combine(etc, "jail.d", "zz-bench.local"), $"[gateway]\naction = dummy[target=\"{folder}/dummy.txt\"]\n");
    File.WriteAllText(Path.Combine(etc, "fail2ban.local"), $"[Definition]\nsocket = {folder}/fail2ban.sock\npidfile = {folder}/fail2ban.pid\ndbfile = {folder}/fail2ban.sqlite3\nlogtarget = {folder}/fail2ban.log\n");
    (await ProcessRunner.RunAsync("fail2ban-client", "-c", etc, "start")).EnsureSuccess("fail2ban start");
    (await ProcessRunner.RunAsync("chown", ssh.User, Path.Combine(folder, "fail2ban.sock"))).EnsureSuccess("chown");
}
