//! [`Row`]: a row of `data/classes.csv` or `data/subjects.csv`, the two numbered tables, as
//! the generated `ROWS` of [`Class`](crate::Class) and [`Subject`](crate::Subject) hold it.

pub(crate) struct Row<T: 'static> {
    /// The variant.
    pub value: T,
    /// Its number, the variant's discriminant.
    pub number: u16,
    pub title: &'static str,
    pub description: &'static str,
}

impl<T: Copy> Row<T> {
    /// The row numbered `number`, if there is one.
    pub const fn find(rows: &'static [Row<T>], number: u16) -> Option<&'static Row<T>> {
        let mut at = 0;
        while at < rows.len() {
            if rows[at].number == number {
                return Some(&rows[at]);
            }
            at += 1;
        }
        None
    }

    /// The variant numbered `number`, if there is one.
    pub const fn value(rows: &'static [Row<T>], number: u16) -> Option<T> {
        match Row::find(rows, number) {
            Some(row) => Some(row.value),
            None => None,
        }
    }

    /// The row of a variant: `ROWS` and the enum come from the same rows of the file, so
    /// every variant has one.
    pub const fn of(rows: &'static [Row<T>], number: u16) -> &'static Row<T> {
        match Row::find(rows, number) {
            Some(row) => row,
            None => panic!("every variant has a row"),
        }
    }
}
