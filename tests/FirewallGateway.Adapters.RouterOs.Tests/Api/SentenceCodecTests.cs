using FirewallGateway.Adapters.RouterOs.Api;

namespace FirewallGateway.Adapters.RouterOs.Tests.Api;

/// <summary>Sentences against the wire bytes of payloads/mikrotik-api-sentences.txt.</summary>
public sealed class SentenceCodecTests
{
    [Fact]
    public void Write_LoginSentence_MatchesPayloadBytes()
    {
        const string hex = "062f6c6f67696e0b3d6e616d653d61646d696e103d70617373776f72643d73656372657400";
        Assert.Equal(hex, Convert.ToHexStringLower(SentenceWriter.ToBytes(["/login", "=name=admin", "=password=secret"])));
    }

    [Fact]
    public void Write_TaggedAdd_MatchesPayloadBytes()
    {
        const string hex = "1d2f69702f6669726577616c6c2f616464726573732d6c6973742f6164640f3d6c6973743d6667772d626c6f636b153d616464726573733d3230332e302e3131332e34350b3d74696d656f75743d3164233d636f6d6d656e743d6667773a677261796c6f673a7373682d6272757465666f726365062e7461673d3700";
        var command = new ApiCommand("/ip/firewall/address-list/add")
            .With("list", "fgw-block").With("address", "203.0.113.45").With("timeout", "1d").With("comment", "fgw:graylog:ssh-bruteforce");
        Assert.Equal(hex, Convert.ToHexStringLower(SentenceWriter.ToBytes(command.Words.Append(".tag=7"))));
    }

    [Fact]
    public void Write_LegacyLoginResponse_MatchesPayloadBytes()
    {
        const string hex = "062f6c6f67696e0e3d6e616d653d75736572546573742c3d726573706f6e73653d3030323132373762666639616337636166303661613630386534363631366434376600";
        string response = ChallengeResponse.Compute("passTest", "abc123");
        Assert.Equal(hex, Convert.ToHexStringLower(SentenceWriter.ToBytes(["/login", "=name=userTest", "=response=" + response])));
    }

    [Fact]
    public async Task Read_PrintRowFromPayload_GivesAttributesAndTag()
    {
        const string hex = "03217265062e7461673d39083d2e69643d2a31410f3d6c6973743d6667772d626c6f636b153d616464726573733d3230332e302e3131332e3435123d74696d656f75743d32336835396d3431730d3d64796e616d69633d74727565233d636f6d6d656e743d6667773a677261796c6f673a7373682d6272757465666f72636500";
        var reply = ApiReply.Parse((await ReadAsync(hex))[0]);
        Assert.Equal(ApiReplyKind.Re, reply.Kind);
        Assert.Equal("9", reply.Tag);
        Assert.Equal("*1A", reply.Attributes[".id"]);
        Assert.Equal("203.0.113.45", reply.Attributes["address"]);
        Assert.Equal("23h59m41s", reply.Attributes["timeout"]);
        Assert.Equal("fgw:graylog:ssh-bruteforce", reply.Attributes["comment"]);
    }

    [Fact]
    public async Task Read_FatalWithBareWord_GivesReason()
    {
        const string hex = "0621666174616c1d73657373696f6e207465726d696e61746564206f6e207265717565737400";
        var reply = ApiReply.Parse((await ReadAsync(hex))[0]);
        Assert.Equal(ApiReplyKind.Fatal, reply.Kind);
        Assert.Equal("session terminated on request", reply.FatalReason);
    }

    [Fact]
    public async Task Read_EmptyThenTrap_TwoSentencesInOrder()
    {
        // !empty .tag=10, then the duplicate trap of tag 8 from the payload file
        const string hex = "0621656d707479072e7461673d313000052174726170293d6d6573736167653d6661696c7572653a20616c72656164792068617665207375636820656e747279062e7461673d3800";
        var sentences = await ReadAsync(hex);
        Assert.Equal(ApiReplyKind.Empty, ApiReply.Parse(sentences[0]).Kind);
        var trap = ApiReply.Parse(sentences[1]);
        Assert.Equal(("8", "failure: already have such entry"), (trap.Tag, trap.Attributes["message"]));
    }

    [Fact]
    public void Parse_ValueWithEquals_SplitsOnSecondEqualsOnly()
    {
        var reply = ApiReply.Parse(["!re", "=comment=a=b=c", "=empty="]);
        Assert.Equal("a=b=c", reply.Attributes["comment"]);
        Assert.Equal(string.Empty, reply.Attributes["empty"]);
    }

    [Fact]
    public void Parse_NotAReplyWord_IsProtocolError()
    {
        var error = Assert.Throws<RouterOsProtocolException>(() => ApiReply.Parse(["hello", "abc"]));
        Assert.Contains("'hello'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EmptySentences_AreSkipped()
    {
        var sentences = await ReadAsync("0000000521646f6e6500");
        Assert.Equal(["!done"], sentences[0]);
    }

    [Fact]
    public async Task Read_FiveBytePrefix_ReadsWord()
    {
        // A short word with a needlessly long 5-byte prefix: legal.
        var bytes = new List<byte> { 0x05 };
        bytes.AddRange("!done"u8.ToArray());
        bytes.AddRange(new byte[] { 0xF0, 0x00, 0x00, 0x00, 0x08 });
        bytes.AddRange("=ret=abc"u8.ToArray());
        bytes.Add(0);
        var reader = new SentenceReader(new MemoryStream(bytes.ToArray()));
        Assert.Equal(["!done", "=ret=abc"], (await reader.ReadSentenceAsync(CancellationToken.None))!);
    }

    [Fact]
    public async Task Read_GigabyteLengthPrefix_FailsWithoutAllocating()
    {
        var stream = new MemoryStream([0x05, .. "!done"u8.ToArray(), 0xF0, 0x40, 0x00, 0x00, 0x00, 0x41, 0x41]);
        var reader = new SentenceReader(stream);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<RouterOsProtocolException>(() => reader.ReadSentenceAsync(CancellationToken.None).AsTask());
        Assert.Contains("1073741824 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the reader allocated for the claimed length");
    }

    [Fact]
    public async Task Read_ControlByte_FailsClearly()
    {
        var reader = new SentenceReader(new MemoryStream([0xF8, 0x00]));
        var error = await Assert.ThrowsAsync<RouterOsProtocolException>(() => reader.ReadSentenceAsync(CancellationToken.None).AsTask());
        Assert.Contains("control byte 0xF8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EndOfStreamMidSentence_FailsClearly()
    {
        var reader = new SentenceReader(new MemoryStream([0x05, .. "!done"u8.ToArray(), 0x06, 0x2e]));
        var error = await Assert.ThrowsAsync<RouterOsProtocolException>(() => reader.ReadSentenceAsync(CancellationToken.None).AsTask());
        Assert.Contains("middle of a sentence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EndOfStreamBetweenSentences_ReturnsNull()
    {
        var reader = new SentenceReader(new MemoryStream([0x05, .. "!done"u8.ToArray(), 0x00]));
        Assert.NotNull(await reader.ReadSentenceAsync(CancellationToken.None));
        Assert.Null(await reader.ReadSentenceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Read_TooManyWords_FailsInsteadOfGrowing()
    {
        var bytes = new List<byte> { 0x03, (byte)'!', (byte)'r', (byte)'e' };
        for (int i = 0; i < SentenceReader.MaxWords + 1; i++)
        {
            bytes.AddRange(new byte[] { 0x02, (byte)'=', (byte)'x' });
        }

        var reader = new SentenceReader(new MemoryStream(bytes.ToArray()));
        await Assert.ThrowsAsync<RouterOsProtocolException>(() => reader.ReadSentenceAsync(CancellationToken.None).AsTask());
    }

    private static async Task<List<string[]>> ReadAsync(string hex)
    {
        var reader = new SentenceReader(new OneByteStream(Convert.FromHexString(hex)));
        var sentences = new List<string[]>();
        while (await reader.ReadSentenceAsync(CancellationToken.None) is { } sentence)
        {
            sentences.Add(sentence);
        }

        return sentences;
    }

    /// <summary>Hands out one byte per read, so every prefix and word is split across reads.</summary>
    private sealed class OneByteStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
