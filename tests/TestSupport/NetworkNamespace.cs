using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FirewallGateway.TestSupport;

/// <summary>
/// A network namespace of a test's own (<c>ip netns add</c>), so nft rules and traffic never touch the host.
/// Its loopback is up; <see cref="ConnectAsync"/> joins two namespaces with a veth pair. Dispose deletes the
/// namespace (and with it its veth ends and nft tables), also when the test failed; a failed creation
/// deletes what it made before throwing.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable, IDisposable
{
    private const string Ip = "/usr/sbin/ip";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private bool _deleted;

    private NetworkNamespace(string name)
    {
        Name = name;
    }

    /// <summary>The namespace name (<c>&lt;prefix&gt;-&lt;random&gt;</c>, at most 15 characters).</summary>
    public string Name { get; }

    /// <summary>Creates a namespace with a unique name and brings its loopback up.</summary>
    public static async Task<NetworkNamespace> CreateAsync(string prefix = "fgt")
    {
        string name = $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        (await ProcessRunner.RunAsync(Ip, ["netns", "add", name], timeout: CommandTimeout)).EnsureSuccess($"ip netns add {name}");
        var ns = new NetworkNamespace(name);
        try
        {
            await ns.IpAsync("link", "set", "lo", "up");
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Joins this namespace and <paramref name="peer"/> with a veth pair and gives each end its address
    /// (CIDR text, e.g. <c>1.0.0.1/24</c>, and optionally an IPv6 one, added without duplicate detection so it
    /// is usable at once).
    /// </summary>
    public async Task ConnectAsync(NetworkNamespace peer, string address, string peerAddress, string? address6 = null, string? peerAddress6 = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        string mine = "v" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        string theirs = "v" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        (await ProcessRunner.RunAsync(Ip, ["link", "add", mine, "netns", Name, "type", "veth", "peer", "name", theirs, "netns", peer.Name], timeout: CommandTimeout))
            .EnsureSuccess("ip link add veth");
        await IpAsync("addr", "add", address, "dev", mine);
        await peer.IpAsync("addr", "add", peerAddress, "dev", theirs);
        if (address6 is not null && peerAddress6 is not null)
        {
            await IpAsync("addr", "add", address6, "dev", mine, "nodad");
            await peer.IpAsync("addr", "add", peerAddress6, "dev", theirs, "nodad");
        }

        await IpAsync("link", "set", mine, "up");
        await peer.IpAsync("link", "set", theirs, "up");
    }

    /// <summary>
    /// Adds <paramref name="cidr"/> (e.g. <c>1.0.9.9/32</c>) to the namespace's loopback interface: an address the
    /// namespace's own processes see as one of their machine's, which no packet from outside can ever reach.
    /// </summary>
    public Task AddLocalAddressAsync(string cidr) => IpAsync("addr", "add", cidr, "dev", "lo");

    /// <summary>
    /// A socket that lives in this namespace, for a test process (in the root namespace) to talk to a server
    /// running inside it. A socket belongs to the namespace of the thread that created it, so it is made on a
    /// short-lived thread of its own that joins the namespace (setns) and then ends: no other thread moves.
    /// </summary>
    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path.Combine("/var/run/netns", Name));
                if (NativeMethods.SetNs((int)handle.DangerousGetHandle(), NativeMethods.CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {Name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = new Socket(family, type, protocol);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or SocketException)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"cannot open a socket in namespace {Name}", failure);
    }

    /// <summary>
    /// Gives the namespace its own <c>/etc/hosts</c>: <c>ip netns exec</c> bind-mounts <c>/etc/netns/&lt;name&gt;/hosts</c>
    /// over <c>/etc/hosts</c> for what it runs, so a test can give a DNS name to an address without a DNS server.
    /// Removed with the namespace.
    /// </summary>
    public void WriteHostsFile(string content)
    {
        Directory.CreateDirectory(EtcFolder);
        File.WriteAllText(Path.Combine(EtcFolder, "hosts"), content);
    }

    private string EtcFolder => Path.Combine("/etc/netns", Name);

    /// <summary>An HTTP handler whose connections are made from inside this namespace (see <see cref="CreateSocket"/>).</summary>
    public SocketsHttpHandlerFactory HttpHandlers => new(this);

    /// <summary>Runs <paramref name="fileName"/> inside the namespace (<c>ip netns exec</c>) and returns its result.</summary>
    public Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(Ip, new[] { "netns", "exec", Name, fileName }.Concat(arguments), standardInput, timeout ?? CommandTimeout);

    /// <summary>Runs nft inside the namespace; throws with nft's message when it fails.</summary>
    public async Task<string> NftAsync(params string[] arguments) =>
        (await RunAsync("/usr/sbin/nft", arguments)).EnsureSuccess($"nft {string.Join(' ', arguments)} in {Name}").StandardOutput;

    /// <summary>Feeds <paramref name="script"/> to <c>nft -f -</c> inside the namespace; throws when nft refuses it.</summary>
    public async Task NftScriptAsync(string script) =>
        (await RunAsync("/usr/sbin/nft", ["-f", "-"], script)).EnsureSuccess($"nft -f - in {Name}");

    public async ValueTask DisposeAsync()
    {
        if (!_deleted)
        {
            _deleted = true;
            DeleteEtcFolder();
            await ProcessRunner.RunAsync(Ip, ["netns", "delete", Name], timeout: CommandTimeout);
        }
    }

    public void Dispose()
    {
        if (!_deleted)
        {
            _deleted = true;
            DeleteEtcFolder();
            using var process = Process.Start(new ProcessStartInfo(Ip) { ArgumentList = { "netns", "delete", Name }, UseShellExecute = false });
            process?.WaitForExit(CommandTimeout);
        }
    }

    private void DeleteEtcFolder()
    {
        if (Directory.Exists(EtcFolder))
        {
            Directory.Delete(EtcFolder, recursive: true);
        }
    }

    private async Task IpAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync(Ip, new[] { "-n", Name }.Concat(arguments), timeout: CommandTimeout))
            .EnsureSuccess($"ip -n {Name} {string.Join(' ', arguments)}");
}

/// <summary>Makes HTTP handlers whose TCP connections start inside a <see cref="NetworkNamespace"/>.</summary>
public sealed class SocketsHttpHandlerFactory(NetworkNamespace ns)
{
    public System.Net.Http.SocketsHttpHandler Create() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = ns.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

/// <summary>setns(2), to create sockets inside a network namespace.</summary>
internal static class NativeMethods
{
    public const int CloneNewNet = 0x40000000;

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int SetNs(int fd, int nstype);
}
