from generator import formatting as f


def test_counts_have_thousands_separators():
    assert f.count(598094) == "598,094"
    assert f.count(1301) == "1,301"


def test_percent_keeps_given_precision():
    assert f.percent(77.0) == "77%"
    assert f.percent(18.8) == "18.8%"
    assert f.percent_words(0.4) == "0.4 per cent"


def test_scores_have_one_decimal_and_changes_a_sign():
    assert f.score(3) == "3.0"
    assert f.change(47) == "+47%"
    assert f.change(-14) == "\u221214%"


def test_missing_values_read_as_not_given():
    assert f.format_value(None, "count") == "\u2013"
