"""Decision-tree graph rules on small graphs, and the tree model's paths and outline."""

from sop_portal.data.rules.trees import analyse


def test_a_clean_tree_has_no_findings():
    found = analyse("q1", {"q1": ["q2", "o1"], "q2": ["o1", "o2"]}, {"o1", "o2"})
    assert (found.unreachable, found.cycles, found.dead_ends) == ([], [], [])


def test_unreachable_nodes_are_listed_in_file_order():
    found = analyse("q1", {"q1": ["o1", "o1"], "q2": ["o2", "o1"]}, {"o1", "o2"})
    assert found.unreachable == ["q2", "o2"]


def test_a_cycle_is_reported_at_the_answer_that_closes_it():
    found = analyse("q1", {"q1": ["q2", "o1"], "q2": ["q3", "o1"], "q3": ["q1", "o1"]}, {"o1"})
    [(edge, cycle)] = found.cycles
    assert (edge.source, edge.index, edge.target) == ("q3", 0, "q1")
    assert cycle == ["q1", "q2", "q3", "q1"]


def test_questions_that_cannot_reach_an_outcome_are_dead_ends():
    found = analyse("q1", {"q1": ["q2", "o1"], "q2": ["q3", "q3"], "q3": ["q2", "q2"]}, {"o1"})
    assert found.dead_ends == ["q2", "q3"]


def test_answers_to_unknown_nodes_are_ignored_here_and_reported_elsewhere():
    found = analyse("q1", {"q1": ["nowhere", "o1"]}, {"o1"})
    assert (found.unreachable, found.cycles, found.dead_ends) == ([], [], [])


def test_tree_model_paths_and_outline():
    import datetime

    from datasets import MINIMAL
    from sop_portal.build.portal import load_portal

    tree = load_portal(MINIMAL, today=datetime.date(2026, 11, 23)).tree("korban-di-luar-negeri")
    # The shared emergency opening (emergency.yaml) comes first; "No" continues with the tree's own start.
    assert [n.id for n in tree.ordered_nodes()] == [
        "q-darurat",
        "q-lokasi",
        "q-bahaya",
        "o-darurat-indonesia",
        "o-darurat-luar-negeri",
        "o-dalam-negeri",
        "o-darurat",
        "o-perwakilan",
    ]
    [path] = tree.paths_to("o-darurat")
    assert [(q.id, a.label.en) for q, a in path] == [("q-darurat", "No"), ("q-lokasi", "Yes"), ("q-bahaya", "Yes")]
