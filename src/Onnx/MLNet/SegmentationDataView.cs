using Microsoft.ML;
using Microsoft.ML.Data;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// What <see cref="SegmentationTransformer.Transform"/> returns: the input's rows with the predictions added. Each
/// cursor that reads a prediction column opens a second, look-ahead cursor over the image column and streams its
/// images through <see cref="OnnxSegmenter.Score(IEnumerable{Image}, CancellationToken)"/>, so that batches are
/// scored (and the next ones decoded) ahead of the row being read; the two advance in lock-step, and memory stays
/// bounded by the segmenter's prefetch.
/// </summary>
internal sealed class SegmentationDataView : IDataView
{
    private readonly IDataView _input;
    private readonly OnnxSegmenter _segmenter;
    private readonly SegmentationTransformerOptions _options;

    public SegmentationDataView(IDataView input, DataViewSchema schema, OnnxSegmenter segmenter, SegmentationTransformerOptions options)
    {
        _input = input;
        Schema = schema;
        _segmenter = segmenter;
        _options = options;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int inputCount = _input.Schema.Count;
        var needed = columnsNeeded.ToList();
        var main = _input.GetRowCursor(needed.Where(c => c.Index < inputCount).Select(c => _input.Schema[c.Index]));
        bool predicting = needed.Any(c => c.Index >= inputCount);
        return new Cursor(this, main, predicting);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private IEnumerable<Image> Images(DataViewRowCursor ahead)
    {
        int channels = _segmenter.Model.Channels is 1 or 3 ? _segmenter.Model.Channels : 0;
        Func<Image> image = SegmentationColumn.ImageGetter(ahead, ahead.Schema[_options.ImageColumnName], _options.ImageFolder, channels);
        while (ahead.MoveNext()) yield return image();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly SegmentationDataView _view;
        private readonly DataViewRowCursor _main;
        private readonly DataViewRowCursor? _ahead;
        private readonly CancellationTokenSource? _cancel;
        private readonly IEnumerator<SegmentationResult>? _results;
        private readonly int _inputCount;
        private SegmentationResult? _current;

        public Cursor(SegmentationDataView view, DataViewRowCursor main, bool predicting)
        {
            _view = view;
            _main = main;
            _inputCount = view._input.Schema.Count;
            if (predicting)
            {
                _ahead = view._input.GetRowCursor([view._input.Schema[view._options.ImageColumnName]]);
                _cancel = new CancellationTokenSource();
                _results = view._segmenter.Score(view.Images(_ahead), _cancel.Token).GetEnumerator();
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _main.Position;

        public override long Batch => _main.Batch;

        public override bool MoveNext()
        {
            if (!_main.MoveNext())
            {
                _current = null;
                return false;
            }
            if (_results is not null)
            {
                if (!_results.MoveNext())
                    throw new InvalidOperationException($"the image column '{_view._options.ImageColumnName}' gave fewer rows than the input: its cursors disagree");
                _current = _results.Current;
            }
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _inputCount ? _main.IsColumnActive(_main.Schema[column.Index]) : _results is not null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _inputCount) return _main.GetGetter<TValue>(_main.Schema[column.Index]);
            if (_results is null) throw new InvalidOperationException($"column '{column.Name}' is not active: ask for it when opening the cursor");
            SegmentationTransformerOptions o = _view._options;
            Delegate getter = column.Name switch
            {
                _ when column.Name == o.PredictedLabelColumnName => (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> value) =>
                {
                    int[] labels = Current.Labels.Data;
                    var editor = VBufferEditor.Create(ref value, labels.Length);
                    for (int i = 0; i < labels.Length; i++) editor.Values[i] = (uint)labels[i];
                    value = editor.Commit();
                }),
                _ when column.Name == o.SizeColumnName => (ValueGetter<VBuffer<int>>)((ref VBuffer<int> value) =>
                {
                    IReadOnlyList<int> size = Current.Labels.Size;
                    var editor = VBufferEditor.Create(ref value, size.Count);
                    for (int i = 0; i < size.Count; i++) editor.Values[i] = size[i];
                    value = editor.Commit();
                }),
                _ => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    float[] p = (Current.Probabilities ?? throw new InvalidOperationException("the scorer returned no probabilities")).Data;
                    var editor = VBufferEditor.Create(ref value, p.Length);
                    p.CopyTo(editor.Values);
                    value = editor.Commit();
                }),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}");
        }

        private SegmentationResult Current => _current ?? throw new InvalidOperationException("the cursor is not on a row: call MoveNext first");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _cancel?.Cancel();
                try
                {
                    _results?.Dispose();
                }
                catch (OperationCanceledException)
                {
                }
                _ahead?.Dispose();
                _cancel?.Dispose();
                _main.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
