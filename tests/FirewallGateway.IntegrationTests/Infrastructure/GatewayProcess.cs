using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The real gateway binary in its own process, on a loopback port, with its own data folder: what an operator
/// runs. Used where an in-process host cannot tell the truth: kill -9, restarts, a real fail2ban calling curl.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Dictionary<string, string> _settings;
    private readonly NetworkNamespace? _namespace;
    private readonly string _listenHost;
    private readonly string? _additionalUrl;
    private Process? _process;

    private GatewayProcess(string dataDirectory, int port, Dictionary<string, string> settings, NetworkNamespace? ns = null, string listenHost = "127.0.0.1", string? additionalUrl = null)
    {
        _additionalUrl = additionalUrl;
        DataDirectory = dataDirectory;
        Port = port;
        _settings = settings;
        _namespace = ns;
        _listenHost = listenHost;
        BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
    }

    /// <summary>The settings used at the next <see cref="StartAsync()"/>: change them between a stop and a start.</summary>
    public IDictionary<string, string> Settings => _settings;

    public string DataDirectory { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The running gateway's process id (to read its /proc entries).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the gateway is not running");

    /// <summary>Everything the gateway printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="settings">Configuration keys passed on the command line.</param>
    /// <param name="dataDirectory">The gateway's folder; a new temp folder when null.</param>
    /// <param name="additionalUrl">A second listen URL beside the loopback HTTP one, e.g. an HTTPS endpoint (with a certificate in <paramref name="settings"/>).</param>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null, string? additionalUrl = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("fwgw-it-").FullName;
        var gateway = new GatewayProcess(dataDirectory, Loopback.FreeTcpPort(), new Dictionary<string, string>(settings ?? new Dictionary<string, string>()), additionalUrl: additionalUrl);
        await gateway.StartAsync();
        return gateway;
    }

    /// <summary>
    /// The gateway inside <paramref name="ns"/> (<c>ip netns exec</c>), listening on <paramref name="listenHost"/>
    /// there; <see cref="Client"/> and the start probe connect from inside the namespace. For tests whose
    /// configuration names addresses that must never be reached from the host's own network.
    /// </summary>
    public static async Task<GatewayProcess> StartInNamespaceAsync(NetworkNamespace ns, IReadOnlyDictionary<string, string>? settings = null, string listenHost = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(ns);
        string dataDirectory = Directory.CreateTempSubdirectory("fwgw-it-").FullName;
        var gateway = new GatewayProcess(dataDirectory, Loopback.FreeTcpPort(), new Dictionary<string, string>(settings ?? new Dictionary<string, string>()), ns, listenHost);
        await gateway.StartAsync();
        return gateway;
    }

    /// <summary>Starts (or restarts) the process and waits until /health answers.</summary>
    public async Task StartAsync()
    {
        var startInfo = new ProcessStartInfo(_namespace is null ? "dotnet" : "/usr/sbin/ip")
        {
            WorkingDirectory = DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_namespace is not null)
        {
            foreach (string word in new[] { "netns", "exec", _namespace.Name, "dotnet" })
            {
                startInfo.ArgumentList.Add(word);
            }
        }

        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FirewallGateway.dll"));
        startInfo.ArgumentList.Add("--urls");
        string url = _listenHost == "127.0.0.1" ? BaseAddress.ToString().TrimEnd('/') : string.Create(CultureInfo.InvariantCulture, $"http://{_listenHost}:{Port}");
        startInfo.ArgumentList.Add(_additionalUrl is null ? url : url + ";" + _additionalUrl);
        startInfo.ArgumentList.Add("--Gateway:DataDirectory=" + Path.Combine(DataDirectory, "data"));
        startInfo.ArgumentList.Add("--Storage:SqlitePath=" + Path.Combine(DataDirectory, "data", "firewallgateway.db"));
        startInfo.ArgumentList.Add("--Logging:LogLevel:Default=Information");
        startInfo.ArgumentList.Add("--Logging:LogLevel:Microsoft.AspNetCore=Warning");
        foreach (var (key, value) in _settings)
        {
            startInfo.ArgumentList.Add($"--{key}={value}");
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the gateway");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var probe = new HttpClient(NewHandler()) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                // The output is read asynchronously: without this wait the last lines (the error) may be missing.
                process.WaitForExit();
                throw new InvalidOperationException($"the gateway exited with {process.ExitCode} during start:\n{Log}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(BaseAddress, "health"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the gateway did not answer /health within 60 s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or `kill -9`.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM and wait: a graceful stop.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            await ProcessRunner.RunAsync("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(cts.Token);
        }
    }

    /// <summary>The operator login the gateway wrote at first start.</summary>
    public (string User, string Password) OperatorLogin()
    {
        string line = File.ReadAllLines(Path.Combine(DataDirectory, "data", "admin.credentials"))[0];
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        return (line[..colon], line[(colon + 1)..]);
    }

    public HttpClient Client(string user, string password)
    {
        var client = new HttpClient(NewHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    /// <summary>A client without a login (what the anonymous network sees).</summary>
    public HttpClient AnonymousClient() => new(NewHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient OperatorClient()
    {
        var (user, password) = OperatorLogin();
        return Client(user, password);
    }

    /// <summary>Creates a reporter login through the API and returns its password.</summary>
    public async Task<string> CreateReporterAsync(string name)
    {
        using var client = OperatorClient();
        using var response = await client.PostAsJsonAsync("api/v1/credentials", new { name, role = "reporter" });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("password").GetString()!;
    }

    /// <summary>Creates a reporter login and writes it as a curl config file (mode 600), as the fail2ban sample action reads it.</summary>
    public async Task<string> CreateReporterCurlConfigAsync(string name)
    {
        string password = await CreateReporterAsync(name);
        string path = Path.Combine(DataDirectory, name + ".curl");
        await File.WriteAllTextAsync(path, $"user = \"{name}:{password}\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>The active decisions' addresses.</summary>
    public async Task<IReadOnlyList<string>> ActiveAddressesAsync()
    {
        using var client = OperatorClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/decisions?limit=100000"));
        return json.RootElement.EnumerateArray().Select(d => d.GetProperty("address").GetString()!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private SocketsHttpHandler NewHandler() => _namespace is null ? new SocketsHttpHandler() : _namespace.HttpHandlers.Create();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
