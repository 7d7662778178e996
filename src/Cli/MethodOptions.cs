using System.CommandLine;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Cli;

/// <summary>The command-line options of the methods (CoLab, MaskSup, semantic contrastive), for the commands that train them.</summary>
internal sealed class MethodOptions
{
    private readonly Option<int> _contextClasses = new("--context-classes") { Description = "colab: context classes K the background is split into.", DefaultValueFactory = _ => 1 };
    private readonly Option<MetaGradient> _metaGradient = new("--meta-gradient") { Description = "colab: Exact (double backward) or FiniteDifference (the official code's).", DefaultValueFactory = _ => MetaGradient.Exact };
    private readonly Option<double> _coverageMin = new("--mask-coverage-min") { Description = "masksup: least share of the image a hole mask covers.", DefaultValueFactory = _ => 0.4 };
    private readonly Option<double> _coverageMax = new("--mask-coverage-max") { Description = "masksup: largest share of the image a hole mask covers.", DefaultValueFactory = _ => 0.6 };
    private readonly Option<double> _gamma = new("--masksup-gamma") { Description = "masksup: weight of the consistency term between clean and masked predictions (0: the official multi-class behaviour).", DefaultValueFactory = _ => 1.0 };
    private readonly Option<MaskSupMode> _maskSupMode = new("--masksup-mode") { Description = "masksup: MultiClass (softmax) or Binary (one logit and BCE; two-class data only).", DefaultValueFactory = _ => MaskSupMode.MultiClass };
    private readonly Option<ContrastiveSchedule> _schedule = new("--contrastive-schedule") { Description = "contrastive: PretrainThenFinetune (stage 1 contrastive pretraining, then the segmenter from its encoder) or Joint (L_seg + λ·L_SupCon).", DefaultValueFactory = _ => ContrastiveSchedule.PretrainThenFinetune };
    private readonly Option<int?> _pretrainSteps = new("--contrastive-pretrain-steps") { Description = "contrastive: stage-1 steps of PretrainThenFinetune, out of --steps (default: 30 % of --steps)." };
    private readonly Option<AttentionMode> _attention = new("--contrastive-attention") { Description = "contrastive: how an object is selected, FeaturePooling (masked average of encoder features) or InputChannel (the mask as an extra input channel; PretrainThenFinetune only).", DefaultValueFactory = _ => AttentionMode.FeaturePooling };
    private readonly Option<double> _temperature = new("--contrastive-temperature") { Description = "contrastive: SupCon temperature τ.", DefaultValueFactory = _ => s_contrastive.Temperature };
    private readonly Option<double> _lambda = new("--contrastive-lambda") { Description = "contrastive: weight of the supervised contrastive loss in joint training.", DefaultValueFactory = _ => 0.1 };

    private static readonly SemanticContrastiveOptions s_contrastive = new();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _contextClasses, _metaGradient, _coverageMin, _coverageMax, _gamma, _maskSupMode, _schedule, _pretrainSteps, _attention, _temperature, _lambda })
            command.Options.Add(option);
    }

    /// <summary><paramref name="settings"/> with the method options given on the command line.</summary>
    public TrainSettings Apply(ParseResult r, TrainSettings settings) => settings with
    {
        CoLab = new CoLabOptions { ContextClasses = r.GetValue(_contextClasses), MetaGradient = r.GetValue(_metaGradient) },
        MaskSup = new MaskSupOptions { MaskCoverageMin = r.GetValue(_coverageMin), MaskCoverageMax = r.GetValue(_coverageMax), Gamma = r.GetValue(_gamma), Mode = r.GetValue(_maskSupMode) },
        Contrastive = new SemanticContrastiveOptions
        {
            Schedule = r.GetValue(_schedule), Attention = r.GetValue(_attention), Temperature = r.GetValue(_temperature), Lambda = r.GetValue(_lambda),
            PretrainSteps = r.GetValue(_pretrainSteps) ?? SemanticContrastiveOptions.DefaultPretrainSteps(settings.Training.Steps),
        },
    };
}
