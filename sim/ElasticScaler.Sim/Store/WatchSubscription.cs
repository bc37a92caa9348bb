using System.Threading.Channels;

namespace ElasticScaler.Sim.Store;

/// <summary>A live watch on one storage key (and optionally one namespace). Dispose to stop receiving.</summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>(); // multi-reader form: it can count the backlog
    private readonly Action<WatchSubscription> _onDispose;

    internal WatchSubscription(string storageKey, string? ns, Action<WatchSubscription> onDispose)
    {
        StorageKey = storageKey;
        Namespace = ns;
        _onDispose = onDispose;
    }

    public string StorageKey { get; }
    public string? Namespace { get; }
    public ChannelReader<StoreEvent> Events => _channel.Reader;

    internal bool Wants(StoredObject o) => o.StorageKey == StorageKey && (Namespace is null || o.Namespace == Namespace);

    /// <summary>Events a watcher may fall behind by before the server ends its watch (the cacher drops slow watchers too).</summary>
    public const int MaxBacklog = 100_000;

    internal void Publish(StoreEvent e)
    {
        if (_channel.Reader.Count >= MaxBacklog)
            _channel.Writer.TryComplete();
        else
            _channel.Writer.TryWrite(e);
    }

    /// <summary>Ends the stream (used by fault injection to drop watches).</summary>
    public void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _onDispose(this);
    }
}
