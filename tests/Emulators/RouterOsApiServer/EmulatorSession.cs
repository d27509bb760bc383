using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace FirewallGateway.Emulators.RouterOs;

/// <summary>
/// One client connection: login (post-6.43, or the MD5 challenge when the emulator plays an old router),
/// then commands answered in order with their <c>.tag</c>; with <see cref="RouterOsEmulator.ReverseReplies"/>
/// replies of pipelined commands are held and sent newest first, so only tag routing gets them right.
/// </summary>
internal sealed class EmulatorSession
{
    private readonly RouterOsEmulator _emulator;
    private readonly Stream _stream;
    private readonly List<byte[]> _held = [];
    private Channel<(long Due, byte[] Bytes)>? _delayed;
    private Task? _delayedWriter;
    private bool _loggedIn;
    private string? _challenge;

    public EmulatorSession(RouterOsEmulator emulator, Stream stream)
    {
        _emulator = emulator;
        _stream = stream;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_emulator.ReplyDelay > TimeSpan.Zero)
        {
            _delayed = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            _delayedWriter = WriteDelayedAsync(_delayed.Reader, cancellationToken);
        }

        try
        {
            await ServeAsync(cancellationToken);
        }
        finally
        {
            if (_delayed is not null && _delayedWriter is not null)
            {
                _delayed.Writer.TryComplete();
                await _delayedWriter;
            }
        }
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        var reader = new EmulatorReader(new BufferedStream(_stream, 64 * 1024));
        var next = reader.ReadAsync(cancellationToken);
        while (true)
        {
            if (_held.Count > 0 && await Task.WhenAny(next, Task.Delay(20, cancellationToken)) != next)
            {
                await FlushHeldAsync(cancellationToken);
            }

            var sentence = await next;
            if (sentence is null)
            {
                return;
            }

            _emulator.CountCommand();
            if (_loggedIn && _emulator.TakeFault() is var fault and not EmulatorFault.None)
            {
                await MisbehaveAsync(fault, cancellationToken);
                if (fault is EmulatorFault.Fatal or EmulatorFault.Close)
                {
                    return;
                }

                next = reader.ReadAsync(cancellationToken);
                continue;
            }

            var replies = Handle(sentence, out bool close);
            byte[] bytes = replies.SelectMany(EmulatorWire.Sentence).ToArray();
            if (_emulator.ReverseReplies && _loggedIn && !close)
            {
                _held.Add(bytes);
            }
            else if (_delayed is not null)
            {
                // A link with latency: each answer leaves one ReplyDelay after its command arrived.
                _delayed.Writer.TryWrite((_emulator.Time.GetTimestamp(), bytes));
            }
            else
            {
                await FlushHeldAsync(cancellationToken);
                await _stream.WriteAsync(bytes, cancellationToken);
            }

            if (close)
            {
                await _stream.FlushAsync(cancellationToken);
                return;
            }

            next = reader.ReadAsync(cancellationToken);
        }
    }

    private async Task WriteDelayedAsync(ChannelReader<(long Due, byte[] Bytes)> replies, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (arrived, bytes) in replies.ReadAllAsync(cancellationToken))
            {
                var wait = _emulator.ReplyDelay - _emulator.Time.GetElapsedTime(arrived);
                if (wait > TimeSpan.Zero)
                {
                    // Timers count whole milliseconds: round up, or a sub-millisecond wait becomes none.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _emulator.Time, cancellationToken);
                }

                await _stream.WriteAsync(bytes, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the connection is gone
        }
    }

    private async Task FlushHeldAsync(CancellationToken cancellationToken)
    {
        for (int i = _held.Count - 1; i >= 0; i--)
        {
            await _stream.WriteAsync(_held[i], cancellationToken);
        }

        _held.Clear();
    }

    private List<List<string>> Handle(List<string> sentence, out bool close)
    {
        close = false;
        string command = sentence[0];
        string? tag = sentence.FirstOrDefault(w => w.StartsWith(".tag=", StringComparison.Ordinal))?[5..];
        var args = sentence.Skip(1).Where(w => w.StartsWith('=')).Select(w => w[1..].Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
        var queries = sentence.Skip(1).Where(w => w.StartsWith('?')).ToList();
        var reply = new Replies(tag);

        if (command == "/login")
        {
            return Login(args, reply, out close);
        }

        if (!_loggedIn)
        {
            close = true;
            return [["!fatal", "not logged in"]];
        }

        if (command == "/quit")
        {
            close = true;
            return [["!fatal", "session terminated on request"]];
        }

        if (command == "/cancel")
        {
            return reply.Done(); // commands finish before the next is read: there is nothing running to cancel
        }

        int slash = command.LastIndexOf('/');
        string menu = command[..slash], verb = command[(slash + 1)..];
        if (menu is not (AddressListTable.Menu4 or AddressListTable.Menu6))
        {
            return reply.Trap("no such command prefix", 0);
        }

        var table = _emulator.Table;
        switch (verb)
        {
            case "add":
                var (id, error, category) = table.Add(menu, args);
                if (error is not null)
                {
                    return reply.Trap(error, category);
                }

                _emulator.CountAdd();
                return reply.Done(("ret", id!));
            case "set":
                return table.Set(menu, args.GetValueOrDefault(".id") ?? args.GetValueOrDefault("numbers") ?? string.Empty, args) is { } setError
                    ? reply.Trap(setError, setError.StartsWith("invalid", StringComparison.Ordinal) ? 1 : -1)
                    : reply.Done();
            case "remove":
                if (table.Remove(menu, args.GetValueOrDefault(".id") ?? args.GetValueOrDefault("numbers") ?? string.Empty) is { } removeError)
                {
                    return reply.Trap(removeError, -1);
                }

                _emulator.CountRemove();
                return reply.Done();
            case "print" or "getall":
                return Print(table.Rows(menu), args, queries, reply);
            default:
                return reply.Trap("no such command", 0);
        }
    }

    private List<List<string>> Print(List<Dictionary<string, string>> rows, Dictionary<string, string> args, List<string> queries, Replies reply)
    {
        var matched = rows.Where(r => QueryFilter.Matches(r, queries)).ToList();
        if (args.ContainsKey("count-only"))
        {
            return reply.Done(("ret", matched.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var props = args.TryGetValue(".proplist", out string? list) ? list.Split(',').ToHashSet(StringComparer.Ordinal) : null;
        var result = new List<List<string>>();
        foreach (var row in matched)
        {
            result.Add(reply.Row(row.Where(p => props is null || props.Contains(p.Key))));
        }

        if (matched.Count == 0 && _emulator.SendEmpty)
        {
            result.Add(reply.Sentence("!empty"));
        }

        result.AddRange(reply.Done());
        return result;
    }

    private List<List<string>> Login(Dictionary<string, string> args, Replies reply, out bool close)
    {
        close = false;
        string user = args.GetValueOrDefault("name") ?? string.Empty;
        if (_emulator.LegacyLogin)
        {
            // An old router ignores =password= and hands out a challenge; the client must answer with MD5.
            if (args.TryGetValue("response", out string? response) && _challenge is not null)
            {
                bool ok = user == _emulator.User && response == ExpectedResponse(_emulator.Password, _challenge);
                _loggedIn = ok;
                if (ok)
                {
                    _emulator.CountLogin();
                }

                return ok ? reply.Done() : reply.Trap("cannot log in", -1);
            }

            _challenge = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            return reply.Done(("ret", _challenge));
        }

        if (user == _emulator.User && args.GetValueOrDefault("password") == _emulator.Password)
        {
            _loggedIn = true;
            _emulator.CountLogin();
            return reply.Done();
        }

        return reply.Trap("invalid user name or password (6)", -1);
    }

    private static string ExpectedResponse(string password, string challengeHex)
    {
        byte[] secret = Encoding.UTF8.GetBytes(password);
        byte[] input = [0, .. secret, .. Convert.FromHexString(challengeHex)];
#pragma warning disable CA5351 // the protocol's own hash
        return "00" + Convert.ToHexStringLower(MD5.HashData(input));
#pragma warning restore CA5351
    }

    private async Task MisbehaveAsync(EmulatorFault fault, CancellationToken cancellationToken)
    {
        byte[] bytes = fault switch
        {
            EmulatorFault.Garbage => EmulatorWire.Sentence(["hello", "abc"]),
            EmulatorFault.HugeLength => [0xF0, 0x40, 0x00, 0x00, 0x00, (byte)'A', (byte)'A', (byte)'A', (byte)'A'],
            EmulatorFault.ControlByte => [0xF8, 0x01, 0x02],
            EmulatorFault.StallMidSentence => [0x05, (byte)'!', (byte)'d', (byte)'o', (byte)'n', (byte)'e', 0x06, (byte)'.', (byte)'t'],
            EmulatorFault.Fatal => EmulatorWire.Sentence(["!fatal", "out of memory"]),
            _ => [],
        };
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Builds reply sentences carrying the command's tag.</summary>
    private sealed class Replies(string? tag)
    {
        private int _sentences;

        public List<string> Sentence(string kind, params IEnumerable<string> words)
        {
            var sentence = new List<string> { kind };
            sentence.AddRange(words);
            if (tag is not null)
            {
                // Routers put .tag right after the reply word or among/after the attributes: vary it, as they do.
                int position = (_sentences++ % 3) switch { 0 => sentence.Count, 1 => 1, _ => 1 + ((sentence.Count - 1) / 2) };
                sentence.Insert(position, ".tag=" + tag);
            }

            return sentence;
        }

        public List<string> Row(IEnumerable<KeyValuePair<string, string>> row) => Sentence("!re", row.Select(p => $"={p.Key}={p.Value}"));

        public List<List<string>> Done(params (string Name, string Value)[] attributes) =>
            [Sentence("!done", attributes.Select(a => $"={a.Name}={a.Value}"))];

        public List<List<string>> Trap(string message, int category)
        {
            var words = new List<string> { "=message=" + message };
            if (category >= 0)
            {
                words.Add("=category=" + category.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return [Sentence("!trap", words), .. Done()];
        }
    }
}
