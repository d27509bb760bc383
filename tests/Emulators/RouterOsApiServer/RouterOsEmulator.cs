using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FirewallGateway.Emulators.RouterOs;

/// <summary>
/// A RouterOS API server on loopback (PROTOCOLS.md section 1) for tests and benchmarks: plain or TLS with a
/// self-signed certificate made at start, both login methods, tags, <c>!trap</c> for duplicates and bad values,
/// <c>!empty</c> before <c>!done</c>, <c>!fatal</c> then close, address-list add/set/remove/print with queries,
/// timeouts that really expire, a reboot that drops dynamic entries, and injectable hostile behaviour.
/// </summary>
public sealed class RouterOsEmulator : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TcpClient, Task> _sessions = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _acceptLoop;
    private int _fault;
    private long _commands;
    private long _adds;
    private long _removes;
    private int _connections;
    private int _logins;

    public RouterOsEmulator(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Table = new AddressListTable(Time);
    }

    public const string Menu4 = AddressListTable.Menu4;
    public const string Menu6 = AddressListTable.Menu6;

    public TimeProvider Time { get; }

    public string User { get; set; } = "gateway";

    public string Password { get; set; } = "router-secret";

    /// <summary>Play a router before 6.43: <c>/login</c> answers with an MD5 challenge in <c>=ret=</c>.</summary>
    public bool LegacyLogin { get; set; }

    /// <summary>Play RouterOS 7.18+: a print with no rows sends <c>!empty</c> before <c>!done</c>. Default true.</summary>
    public bool SendEmpty { get; set; } = true;

    /// <summary>Simulated link latency: every answer leaves this long after its command arrived (pipelining keeps working).</summary>
    public TimeSpan ReplyDelay { get; set; }

    /// <summary>Hold the replies of pipelined commands and send them newest first.</summary>
    public bool ReverseReplies { get; set; }

    /// <summary>The trap text for an unknown id in set/remove. Default "no such item"; RouterOS also says "invalid internal item number".</summary>
    public string MissingItemMessage
    {
        get => Table.MissingItemMessage;
        set => Table.MissingItemMessage = value;
    }

    /// <summary>The TLS certificate when started with TLS.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>SHA-256 fingerprint of <see cref="Certificate"/> as 64 upper-case hex digits.</summary>
    public string? CertificateFingerprint => Certificate is null ? null : Convert.ToHexString(Certificate.GetCertHash(HashAlgorithmName.SHA256));

    public int Port { get; private set; }

    public bool Tls { get; private set; }

    public long CommandsReceived => Interlocked.Read(ref _commands);

    /// <summary>Address-list entries added (successful <c>add</c> commands), both menus.</summary>
    public long AddsReceived => Interlocked.Read(ref _adds);

    /// <summary>Address-list entries removed (successful <c>remove</c> commands), both menus.</summary>
    public long RemovesReceived => Interlocked.Read(ref _removes);

    public int ConnectionsAccepted => Volatile.Read(ref _connections);

    public int LoginsSucceeded => Volatile.Read(ref _logins);

    internal AddressListTable Table { get; }

    /// <summary>Listens on 127.0.0.1 (port 0 picks a free one; pass the old port to come back after <see cref="StopAsync"/>).</summary>
    public Task StartAsync(bool tls = false, int port = 0)
    {
        if (tls && Certificate is null)
        {
            Certificate = CreateCertificate();
        }

        Tls = tls;
        _stopping = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>The router goes away: the listener closes and every connection is cut. Entries stay.</summary>
    public async Task StopAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Stop();
        foreach (var client in _sessions.Keys)
        {
            client.Dispose();
        }

        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        await Task.WhenAll(_sessions.Values);
        _sessions.Clear();
        _stopping.Dispose();
        _stopping = null;
    }

    /// <summary>A reboot: connections drop, entries with a timeout (RAM only) are gone, the API comes back.</summary>
    public async Task RebootAsync()
    {
        bool tls = Tls;
        int port = Port;
        await StopAsync();
        Table.DropDynamic();
        await StartAsync(tls, port);
    }

    /// <summary>Misbehave instead of answering the next command of a logged-in client.</summary>
    public void InjectFault(EmulatorFault fault) => Interlocked.Exchange(ref _fault, (int)fault);

    /// <summary>Every entry of a menu (default IPv4) that has not expired.</summary>
    public IReadOnlyList<EmulatorEntry> Entries(string menu = Menu4) => Table.Snapshot().Where(e => e.Menu == menu).ToList();

    /// <summary>All entries of both menus.</summary>
    public IReadOnlyList<EmulatorEntry> AllEntries() => Table.Snapshot();

    /// <summary>Adds an entry as an operator or another tool would (not through a client connection).</summary>
    public EmulatorEntry AddEntry(string list, string address, TimeSpan? timeout = null, string? comment = null, string menu = Menu4) =>
        Table.Insert(menu, list, address, timeout, comment);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Certificate?.Dispose();
    }

    internal EmulatorFault TakeFault() => (EmulatorFault)Interlocked.Exchange(ref _fault, (int)EmulatorFault.None);

    internal void CountCommand() => Interlocked.Increment(ref _commands);

    internal void CountAdd() => Interlocked.Increment(ref _adds);

    internal void CountRemove() => Interlocked.Increment(ref _removes);

    internal void CountLogin() => Interlocked.Increment(ref _logins);

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            client.NoDelay = true;
            _sessions[client] = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            Stream stream = client.GetStream();
            if (Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, cancellationToken);
                stream = ssl;
            }

            await using (stream)
            {
                await new EmulatorSession(this, stream).RunAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidDataException
            or EndOfStreamException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or misbehaved: a real router just drops the connection too.
        }
        finally
        {
            client.Dispose();
            _sessions.TryRemove(client, out _);
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=router.emulator.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("router.emulator.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        // Through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
