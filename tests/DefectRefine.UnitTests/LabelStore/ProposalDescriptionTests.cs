using DefectRefine.Contracts.V1.Labels;
using DefectRefine.LabelStore;

namespace DefectRefine.UnitTests.LabelStore;

public sealed class ProposalDescriptionTests
{
    [Fact]
    public void The_history_names_the_learner_of_a_proposal_that_records_one_and_reads_older_ones_as_before()
    {
        var older = new RefinedMaskProposed(Guid.NewGuid(), Guid.NewGuid(), "p-r001", 1, 7, [4], DateTimeOffset.UnixEpoch);
        Assert.Equal("refined mask by model p-r001 (training round 1)", LabelHistory.DescribeProposal(older));
        Assert.Equal("refined mask by model p-r001 (training round 1), pixel learner", LabelHistory.DescribeProposal(older with { Learner = "pixel" }));
    }
}
